package io.prefstream.ops.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a long-running command close cleanly on SIGTERM or Ctrl-C: a shutdown hook asks it to stop and then keeps
 * the JVM alive until the command says it has closed everything, or a grace period ends. Without the wait the JVM
 * would exit as soon as the hook returns, in the middle of the command's own closing.
 */
final class GracefulStop {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final String service;
    private final Duration grace;

    GracefulStop(String service, Duration grace) {
        this.service = service;
        this.grace = grace;
    }

    /**
     * Installs the shutdown hook.
     *
     * @param service the command's name, for the log
     * @param grace how long the hook waits for {@link #closed()}
     * @return the stop, to poll with {@link #isRequested()} and to end with {@link #closed()}
     */
    static GracefulStop install(String service, Duration grace) {
        GracefulStop stop = new GracefulStop(service, grace);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::onShutdown, service + "-stop"));
        return stop;
    }

    /** Returns the latch that opens when a stop is requested. */
    CountDownLatch requested() {
        return requested;
    }

    /** Returns whether a stop was requested. */
    boolean isRequested() {
        return requested.getCount() == 0;
    }

    /** Says the command has closed everything; the JVM may exit. Call it in a {@code finally}. */
    void closed() {
        closed.countDown();
    }

    /** What the shutdown hook runs: requests the stop, then waits for the command to close or the grace to end. */
    void onShutdown() {
        LOG.info("{} stopping: waiting up to {} s for it to close", service, grace.toSeconds());
        requested.countDown();
        try {
            if (!closed.await(grace.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("{} did not stop within {} s; exiting anyway", service, grace.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

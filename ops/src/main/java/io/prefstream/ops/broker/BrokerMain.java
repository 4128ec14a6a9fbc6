package io.prefstream.ops.broker;

import java.time.Duration;

/**
 * Entry point of the embedded broker's JVM: starts Kafka, and shuts it down cleanly when the
 * JVM that started it is gone, even if that one died by SIGKILL and ran no shutdown hook. A
 * broker left running would keep the log directory locked and make the next start fail.
 */
public final class BrokerMain {

    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private BrokerMain() {
    }

    /**
     * Runs the broker.
     *
     * @param args the parent's process id, then the broker's properties file
     */
    public static void main(String[] args) {
        long parent = Long.parseLong(args[0]);
        Thread watchdog = new Thread(() -> watch(parent), "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        kafka.Kafka.main(new String[] {args[1]});
    }

    private static void watch(long parent) {
        while (ProcessHandle.of(parent).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                Thread.sleep(CHECK_EVERY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        // Kafka's own shutdown hook performs the controlled shutdown.
        System.exit(0);
    }
}

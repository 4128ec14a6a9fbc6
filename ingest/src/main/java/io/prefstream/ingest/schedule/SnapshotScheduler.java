package io.prefstream.ingest.schedule;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prefstream.ingest.kafka.OutcomeCounter;
import io.prefstream.ingest.metrics.SnapshotTrigger;
import io.prefstream.ingest.snapshot.SnapshotStore;
import io.prefstream.ingest.snapshot.SnapshotWriter;
import io.prefstream.schemas.snapshot.SnapshotManifest;

/**
 * Decides when a snapshot is cut, and cuts it, on the one ingest instance that owns the
 * snapshot request partition (see {@link SnapshotRequestQueue}): for each batch of requests,
 * every {@code everyRecords} newly accepted records, and every {@code every} when something new
 * was accepted. Other instances only keep their place in the group, ready to take over; they
 * neither count records nor cut.
 *
 * <p>Each trigger gives at most one snapshot: requests that arrive together are served by one
 * cut, and a request that finds nothing accepted or deleted since the latest snapshot cuts
 * nothing (the writer says so in its log). Run it on one thread; the caller must close it, which
 * closes the outcome counter it opened but not the queue or the writer.
 */
public final class SnapshotScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotScheduler.class);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final int IDS_LOGGED = 3;

    private final SnapshotWriter writer;
    private final SnapshotStore store;
    private final SnapshotRequestQueue requests;
    private final Supplier<OutcomeCounter> counters;
    private final Policy policy;
    private final Runnable afterCut;
    private OutcomeCounter counter;
    private long acceptedAtLastCut;
    private Instant lastCut;

    /**
     * When the count and time triggers fire.
     *
     * @param everyRecords cut after this many newly accepted records (ingest's default 10,000; 0 disables)
     * @param every cut this often when anything new was accepted (ingest's default 10 minutes; zero disables)
     */
    public record Policy(long everyRecords, Duration every) {

        /** A policy with only requests: no count or time trigger. */
        public static Policy requestsOnly() {
            return new Policy(0, Duration.ZERO);
        }
    }

    /**
     * Creates a scheduler.
     *
     * @param writer cuts the snapshots
     * @param store the writer's store, read for the latest version
     * @param requests the request queue, which also says whether this instance is the one that writes
     * @param counters opens an outcome counter when this instance starts writing snapshots
     * @param policy the count and time triggers
     * @param afterCut run after each published snapshot (retention), on the scheduler's thread
     */
    public SnapshotScheduler(SnapshotWriter writer, SnapshotStore store, SnapshotRequestQueue requests,
            Supplier<OutcomeCounter> counters, Policy policy, Runnable afterCut) {
        this.writer = writer;
        this.store = store;
        this.requests = requests;
        this.counters = counters;
        this.policy = policy;
        this.afterCut = afterCut;
    }

    /** Runs until the latch is released; a failed cut ends the run with its exception. */
    public void run(CountDownLatch stop) throws IOException {
        while (stop.getCount() > 0) {
            runOnce();
        }
    }

    /** Polls requests once and fires whatever is due. */
    public void runOnce() throws IOException {
        List<PendingRequest> batch = requests.poll(POLL);
        if (!requests.isLeader()) {
            stopCounting();
            return;
        }
        if (counter == null) {
            startCounting();
        }
        if (!batch.isEmpty()) {
            serve(batch);
        }
        long accepted = counter.poll().accepted();
        boolean countDue = policy.everyRecords() > 0 && accepted - acceptedAtLastCut >= policy.everyRecords();
        boolean timeDue = !policy.every().isZero() && accepted > acceptedAtLastCut
                && Duration.between(lastCut, Instant.now()).compareTo(policy.every()) >= 0;
        if (countDue || timeDue) {
            LOG.info("snapshot trigger {} fired at {} accepted", countDue ? "count" : "time", accepted);
            cut(countDue ? SnapshotTrigger.COUNT : SnapshotTrigger.TIME);
        }
    }

    private void serve(List<PendingRequest> batch) throws IOException {
        int latest = latestVersion();
        List<PendingRequest> served = requests.alreadyServed(batch, latest);
        if (!served.isEmpty()) {
            LOG.info("snapshot requests {} were served before the last owner stopped (snapshot version {} was"
                    + " published after they were taken up); not cutting again", describe(served), latest);
        }
        List<PendingRequest> open = batch.subList(served.size(), batch.size());
        if (!open.isEmpty()) {
            requests.begin(open, latest);
            Optional<SnapshotWriter.Result> result = cut(SnapshotTrigger.REQUEST);
            if (result.isEmpty()) {
                LOG.info("snapshot requests {}: nothing accepted yet; no snapshot cut", describe(open));
            } else if (result.get().created()) {
                LOG.info("snapshot requests {} served by new snapshot {}", describe(open),
                        result.get().manifest().snapshotId());
            } else {
                LOG.info("snapshot requests {}: nothing accepted or deleted since snapshot {}; no new snapshot cut",
                        describe(open), result.get().manifest().snapshotId());
            }
        }
        requests.complete(batch);
    }

    private Optional<SnapshotWriter.Result> cut(SnapshotTrigger trigger) throws IOException {
        long accepted = counter.poll().accepted();
        Optional<SnapshotWriter.Result> result = writer.cut(trigger);
        if (result.isPresent() && result.get().created()) {
            afterCut.run();
        }
        acceptedAtLastCut = accepted;
        lastCut = Instant.now();
        return result;
    }

    private int latestVersion() {
        return store.latest().map(SnapshotManifest::version).orElse(0);
    }

    private void startCounting() {
        counter = counters.get();
        acceptedAtLastCut = counter.poll().accepted();
        lastCut = Instant.now();
    }

    private void stopCounting() {
        if (counter != null) {
            counter.close();
            counter = null;
        }
    }

    private static String describe(List<PendingRequest> batch) {
        if (batch.size() <= IDS_LOGGED) {
            return batch.stream().map(PendingRequest::requestId).toList().toString();
        }
        return batch.size() + " requests [" + batch.get(0).requestId() + " ... "
                + batch.get(batch.size() - 1).requestId() + "]";
    }

    @Override
    public void close() {
        stopCounting();
    }
}

package io.prefstream.trainer.round;

import org.slf4j.Logger;

/** Logs one INFO line each time a long loop crosses another tenth of its steps. */
final class ProgressLog {

    private static final int PARTS = 10;

    private final Logger log;
    private final String stage;
    private final String runId;
    private final long total;
    private final long startNanos = System.nanoTime();
    private int reported;

    /**
     * Creates a progress log.
     *
     * @param log where to log
     * @param stage what is running, e.g. {@code sft} or {@code round 2}
     * @param runId the run's id, the snapshot id
     * @param total steps expected
     */
    ProgressLog(Logger log, String stage, String runId, long total) {
        this.log = log;
        this.stage = stage;
        this.runId = runId;
        this.total = Math.max(1, total);
    }

    /** Records that {@code done} steps have finished, the last with the given loss. */
    void step(long done, double loss) {
        int part = (int) (done * PARTS / total);
        if (part > reported) {
            reported = part;
            log.info("snapshot {} {}: step {}/{} ({}%), loss {}, {} s", runId, stage, done, total,
                    done * 100 / total, String.format("%.4f", loss), (System.nanoTime() - startNanos) / 1_000_000_000L);
        }
    }
}

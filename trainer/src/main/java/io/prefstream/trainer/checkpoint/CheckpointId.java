package io.prefstream.trainer.checkpoint;

/**
 * Identity of a checkpoint: the snapshot it was trained on and the round.
 *
 * @param snapshotId the snapshot id, e.g. {@code v000003}
 * @param round 0 for the warm start, 1.. for SPAC rounds
 */
public record CheckpointId(String snapshotId, int round) {

    /** Validates the parts. */
    public CheckpointId {
        if (snapshotId == null || snapshotId.isBlank() || snapshotId.contains("/") || snapshotId.startsWith(".")) {
            throw new IllegalArgumentException("snapshot id must be a plain directory name, got '" + snapshotId + "'");
        }
        if (round < 0) {
            throw new IllegalArgumentException("round must be >= 0, got " + round);
        }
    }

    /** Returns the directory name and announced id, {@code <snapshot id>-r<round>}. */
    public String name() {
        return snapshotId + "-r" + round;
    }

    @Override
    public String toString() {
        return name();
    }
}

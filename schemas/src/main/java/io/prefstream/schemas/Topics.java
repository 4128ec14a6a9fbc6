package io.prefstream.schemas;

/** Default topic names shared by every service; each can be overridden in configuration. */
public final class Topics {

    /** Raw judgments as submitted: one input line or HTTP judgment per message, bytes as received. */
    public static final String RAW = "prefs.raw";

    /** Accepted, validated and deduplicated {@code PreferenceRecord}s keyed by content key. */
    public static final String ACCEPTED = "prefs.accepted";

    /** Records recognised as repeats of an accepted record, keyed by content key. */
    public static final String DUPLICATES = "prefs.duplicates";

    /** {@code DeadLetter} envelopes for input that failed validation. */
    public static final String DEAD_LETTER = "prefs.dead-letter";

    /** {@code DeletionRequest}s: records to leave out of every later snapshot. */
    public static final String DELETIONS = "prefs.deletions";

    /**
     * {@code SnapshotRequest}s: asks the running ingest service for a snapshot now. One partition,
     * owned by the one ingest instance that writes snapshots.
     */
    public static final String SNAPSHOT_REQUESTS = "prefs.snapshot-requests";

    /** {@code SnapshotAnnouncement}s, one per published snapshot. */
    public static final String SNAPSHOTS = "prefs.snapshots";

    /** {@code CheckpointAnnouncement}s, one per training round. */
    public static final String CHECKPOINTS = "prefs.checkpoints";

    private Topics() {
    }
}

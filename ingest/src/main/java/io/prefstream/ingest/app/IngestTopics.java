package io.prefstream.ingest.app;

import io.prefstream.schemas.Topics;

/**
 * The topic names the ingest side reads and writes.
 *
 * @param raw raw judgments as submitted, default {@value Topics#RAW}
 * @param accepted accepted records, default {@value Topics#ACCEPTED}
 * @param duplicates recognised repeats, default {@value Topics#DUPLICATES}
 * @param deadLetter rejected input, default {@value Topics#DEAD_LETTER}
 * @param deletions deletion requests, default {@value Topics#DELETIONS}
 * @param snapshots snapshot announcements, default {@value Topics#SNAPSHOTS}
 * @param snapshotRequests requests for a snapshot now, default {@value Topics#SNAPSHOT_REQUESTS}
 */
public record IngestTopics(String raw, String accepted, String duplicates, String deadLetter, String deletions,
        String snapshots, String snapshotRequests) {

    /** Returns the default names. */
    public static IngestTopics defaults() {
        return new IngestTopics(Topics.RAW, Topics.ACCEPTED, Topics.DUPLICATES, Topics.DEAD_LETTER, Topics.DELETIONS,
                Topics.SNAPSHOTS, Topics.SNAPSHOT_REQUESTS);
    }

    /** Returns names with a common prefix, for running several isolated pipelines on one cluster. */
    public static IngestTopics withPrefix(String prefix) {
        IngestTopics d = defaults();
        return new IngestTopics(prefix + d.raw(), prefix + d.accepted(), prefix + d.duplicates(),
                prefix + d.deadLetter(), prefix + d.deletions(), prefix + d.snapshots(),
                prefix + d.snapshotRequests());
    }
}

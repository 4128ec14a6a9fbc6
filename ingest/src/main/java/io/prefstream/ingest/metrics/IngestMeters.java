package io.prefstream.ingest.metrics;

/**
 * Names, tag keys and tag values of the meters the ingest module registers. Every name starts
 * with {@value #PREFIX}; the Prometheus registry turns dots into underscores and adds the
 * base unit and {@code _total} suffixes (for example {@code prefs_ingest_records_total}).
 */
public final class IngestMeters {

    /** Prefix shared by every prefstream meter. */
    public static final String PREFIX = "prefs.";

    /** Counter: records judged by the topology, tagged {@link #OUTCOME} and {@link #REASON}. */
    public static final String RECORDS = "prefs.ingest.records";
    /** Gauge: approximate number of content keys in the dedup store, over all local tasks. */
    public static final String DEDUP_STORE_ENTRIES = "prefs.ingest.dedup.store.entries";
    /** Timer with histogram: from a record's Kafka timestamp to the first snapshot that holds it. */
    public static final String LATENCY = "prefs.ingest.latency";
    /** Gauge: version of the latest published snapshot (0 when there is none). */
    public static final String SNAPSHOT_VERSION = "prefs.snapshot.version";
    /** Gauge: records in the latest published snapshot. */
    public static final String SNAPSHOT_RECORDS = "prefs.snapshot.records";
    /** Gauge: size of the latest published snapshot's data files. */
    public static final String SNAPSHOT_BYTES = "prefs.snapshot.bytes";
    /** Time gauge: time since the latest snapshot was published. */
    public static final String SNAPSHOT_AGE = "prefs.snapshot.age";
    /** Counter: snapshots published by this process, tagged {@link #TRIGGER}. */
    public static final String SNAPSHOT_CUTS = "prefs.snapshot.cuts";
    /** Counter: requests to the HTTP collection endpoint, tagged {@link #OUTCOME} with a {@link CollectorMeters} outcome. */
    public static final String COLLECTOR_REQUESTS = "prefs.collector.requests";
    /** Counter: judgments the HTTP collection endpoint wrote to the raw topic. */
    public static final String COLLECTOR_JUDGMENTS = "prefs.collector.judgments";
    /** Timer: time to answer a request to the HTTP collection endpoint, tagged {@link #OUTCOME}. */
    public static final String COLLECTOR_REQUEST_DURATION = "prefs.collector.request.duration";
    /** Counter: failures that stopped a stage, tagged {@link #STAGE}; the trainer uses the same name. */
    public static final String FAILURES = "prefs.failures";

    /** Tag key: accepted, duplicate or dead_lettered. */
    public static final String OUTCOME = "outcome";
    /** Tag key: the reject reason code of a dead letter, {@value #NO_REASON} otherwise. */
    public static final String REASON = "reason";
    /** Tag key: what made a snapshot be cut. */
    public static final String TRIGGER = "trigger";
    /** Tag key: the stage that failed. */
    public static final String STAGE = "stage";

    /** Outcome of the first copy of a pair. */
    public static final String ACCEPTED = "accepted";
    /** Outcome of every later copy. */
    public static final String DUPLICATE = "duplicate";
    /** Outcome of a copy of a kept pair from a new annotator: adds a vote, not a row. */
    public static final String VOTE_ADDED = "vote_added";
    /** Outcome of a pair judged the other way round from a kept one. */
    public static final String CONFLICT = "conflict";
    /** Outcome of a record that failed validation. */
    public static final String DEAD_LETTERED = "dead_lettered";
    /** Reason tag of records that were not dead-lettered. */
    public static final String NO_REASON = "none";
    /** Stage tag of a Kafka Streams thread that died and was replaced. */
    public static final String STAGE_STREAM = "stream";
    /** Stage tag of a snapshot cut that failed. */
    public static final String STAGE_SNAPSHOT = "snapshot";

    /** Description shared by every {@link #FAILURES} counter, whichever module registers it. */
    public static final String FAILURES_DESCRIPTION = "Failures that stopped a stage of the pipeline";

    private IngestMeters() {
    }
}

package io.prefstream.ingest.metrics;

import java.util.Locale;

/** What made a snapshot be cut; the lower-case name is the {@value IngestMeters#TRIGGER} tag. */
public enum SnapshotTrigger {
    /** Enough new records were accepted. */
    COUNT,
    /** Enough time passed with something new accepted. */
    TIME,
    /**
     * Someone asked for one: a request on the snapshot request topic ({@code snapshot --request}), a
     * direct {@code snapshot}, the demo.
     */
    REQUEST;

    /** Returns the tag value. */
    public String tagValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}

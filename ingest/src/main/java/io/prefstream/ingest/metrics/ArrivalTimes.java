package io.prefstream.ingest.metrics;

import java.util.Arrays;
import java.util.Map;

/**
 * Kafka timestamps of the accepted records a snapshot cut reads for the first time: those at or
 * beyond the parent snapshot's end offsets. Not thread-safe; one instance per cut.
 */
public final class ArrivalTimes {

    private final Map<Integer, Long> parentEnds;
    private long[] millis = new long[64];
    private int size;

    /**
     * Creates an empty collection.
     *
     * @param parentEnds the parent snapshot's end offset per partition of the accepted topic; empty for the first
     */
    public ArrivalTimes(Map<Integer, Long> parentEnds) {
        this.parentEnds = Map.copyOf(parentEnds);
    }

    /** Keeps the timestamp when the record lies beyond the parent's end offset and has a timestamp. */
    public void observe(int partition, long offset, long timestampMillis) {
        if (timestampMillis < 0 || offset < parentEnds.getOrDefault(partition, 0L)) {
            return;
        }
        if (size == millis.length) {
            millis = Arrays.copyOf(millis, size * 2);
        }
        millis[size++] = timestampMillis;
    }

    /** Returns the timestamps kept, in the order seen. */
    public long[] millis() {
        return Arrays.copyOf(millis, size);
    }
}

package io.prefstream.ingest.snapshot;

import java.util.Comparator;

/**
 * One entry of an external sort: ordered by key, then by sequence (the order entries were added
 * in), so that among equal keys the first one added comes first.
 *
 * @param key the sort key (a content key or pair key: lower-case hex)
 * @param sequence the order of arrival, or any number the caller wants carried along
 * @param payload the bytes carried with the key
 */
record SortEntry(String key, long sequence, byte[] payload) {

    /** Key order, then sequence order. */
    static final Comparator<SortEntry> ORDER =
            Comparator.comparing(SortEntry::key).thenComparingLong(SortEntry::sequence);

    /** Overhead per entry held in memory, beyond its key's characters and payload bytes. */
    private static final int OVERHEAD = 96;

    /** Returns an estimate of the heap the entry takes. */
    long heapBytes() {
        return OVERHEAD + 2L * key.length() + payload.length;
    }
}

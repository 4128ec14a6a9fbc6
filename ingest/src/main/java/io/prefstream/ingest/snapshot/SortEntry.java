package io.prefstream.ingest.snapshot;

import java.util.Comparator;

/**
 * One entry of an external sort: ordered by key, then by sequence (the order entries were added
 * in), so that among equal keys the first one added comes first.
 *
 * <p>Each entry also holds its key's first four characters packed into a long, compared first:
 * sorting a run of entries spends most of its time comparing keys, and the packed prefix settles
 * most comparisons without following the key to its characters. A shorter key is padded with
 * U+0000, the smallest character, so prefix order never contradicts key order; equal prefixes
 * fall back to comparing the keys.
 */
final class SortEntry {

    /** Key order, then sequence order. */
    static final Comparator<SortEntry> ORDER = (a, b) -> {
        int byPrefix = Long.compareUnsigned(a.prefix, b.prefix);
        if (byPrefix != 0) {
            return byPrefix;
        }
        int byKey = a.key.compareTo(b.key);
        return byKey != 0 ? byKey : Long.compare(a.sequence, b.sequence);
    };

    /** Overhead per entry held in memory, beyond its key's characters and payload bytes. */
    private static final int OVERHEAD = 104;
    private static final int PREFIX_CHARS = Long.SIZE / Character.SIZE;

    private final String key;
    private final long sequence;
    private final byte[] payload;
    private final long prefix;

    /**
     * Creates an entry.
     *
     * @param key the sort key (a content key or pair key: lower-case hex)
     * @param sequence the order of arrival, or any number the caller wants carried along
     * @param payload the bytes carried with the key
     */
    SortEntry(String key, long sequence, byte[] payload) {
        this.key = key;
        this.sequence = sequence;
        this.payload = payload;
        long packed = 0;
        for (int i = 0; i < PREFIX_CHARS; i++) {
            packed = (packed << Character.SIZE) | (i < key.length() ? key.charAt(i) : 0);
        }
        this.prefix = packed;
    }

    String key() {
        return key;
    }

    long sequence() {
        return sequence;
    }

    byte[] payload() {
        return payload;
    }

    /** Returns an estimate of the heap the entry takes. */
    long heapBytes() {
        return OVERHEAD + 2L * key.length() + payload.length;
    }
}

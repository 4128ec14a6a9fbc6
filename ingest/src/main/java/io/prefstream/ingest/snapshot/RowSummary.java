package io.prefstream.ingest.snapshot;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The small encodings {@link SnapshotRows} sorts beside the records themselves.
 *
 * <p>A copy's summary, the payload of a summaries' sort entry: its vote count (4 bytes), flags
 * (1 byte: whether a deletion request covers the copy, whether it has a pair key), then its pair
 * key in UTF-8 when it has one. A row's plan, the sequence of a plan entry: the row's vote count
 * above a byte of flags, of which the lowest says the row is left out. A kept row's orientation,
 * the payload of a pair-key sort entry: its vote count, then its content key in UTF-8.
 */
final class RowSummary {

    /** Payload of an entry that needs none. */
    static final byte[] NO_PAYLOAD = new byte[0];

    private static final byte DELETED = 1;
    private static final byte PAIRED = 2;
    private static final int HEADER = Integer.BYTES + 1;
    private static final long LEFT_OUT = 1;
    private static final int PLAN_FLAG_BITS = 8;

    private RowSummary() {
    }

    /** Encodes a copy's summary. */
    static byte[] of(int votes, boolean deleted, String pairKey) {
        byte[] pair = pairKey == null ? NO_PAYLOAD : pairKey.getBytes(StandardCharsets.UTF_8);
        byte flags = (byte) ((deleted ? DELETED : 0) | (pairKey == null ? 0 : PAIRED));
        return ByteBuffer.allocate(HEADER + pair.length).putInt(votes).put(flags).put(pair).array();
    }

    /** Returns a summary's vote count. */
    static int votes(byte[] summary) {
        return ByteBuffer.wrap(summary).getInt();
    }

    /** Returns whether a deletion request covers the summarised copy. */
    static boolean deleted(byte[] summary) {
        return (summary[Integer.BYTES] & DELETED) != 0;
    }

    /** Returns a summary's pair key, or null when the copy has none. */
    static String pairKey(byte[] summary) {
        return (summary[Integer.BYTES] & PAIRED) == 0 ? null
                : new String(summary, HEADER, summary.length - HEADER, StandardCharsets.UTF_8);
    }

    /** Encodes a row's plan. */
    static long plan(int votes, boolean leftOut) {
        return ((long) votes << PLAN_FLAG_BITS) | (leftOut ? LEFT_OUT : 0);
    }

    /** Returns a plan's vote count. */
    static int plannedVotes(long plan) {
        return (int) (plan >> PLAN_FLAG_BITS);
    }

    /** Returns whether a plan leaves its row out. */
    static boolean plannedLeftOut(long plan) {
        return (plan & LEFT_OUT) != 0;
    }

    /** Encodes a kept row's orientation for the pair-key sort: its vote count, then its content key. */
    static byte[] orientation(String contentKey, int votes) {
        byte[] key = contentKey.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(Integer.BYTES + key.length).putInt(votes).put(key).array();
    }

    /** Decodes an orientation. */
    static ConflictPolicy.Orientation orientationOf(byte[] payload) {
        return new ConflictPolicy.Orientation(new String(payload, Integer.BYTES, payload.length - Integer.BYTES,
                StandardCharsets.UTF_8), ByteBuffer.wrap(payload).getInt());
    }
}

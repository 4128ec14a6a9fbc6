package io.prefstream.ingest.snapshot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryData;

import io.prefstream.schemas.v1.PreferenceRecord;

/**
 * The fields a snapshot needs from one accepted message, read in place from its bytes without
 * decoding the record: the message is Avro single-object encoded (a 10-byte header, then the
 * binary datum) with the current {@link PreferenceRecord} schema.
 *
 * <p>Reading also tells whether the datum is canonical: whether decoding it and encoding the
 * record again gives the same bytes. It is when every varint is minimal, every string is
 * well-formed UTF-8, the array and the map are written as one block (the way Avro's binary
 * encoder writes them), the map has at most one entry (a decoded map is a {@code HashMap}, whose
 * order can differ from the order written), and nothing follows the datum. A snapshot row can
 * then be the message's own bytes; any other message is decoded and encoded again first.
 */
final class EncodedRecord {

    /** Bytes before the datum: two marker bytes, then the schema's 8-byte fingerprint. */
    static final int HEADER = 10;

    /**
     * Whether the generated schema is the one this class reads: the field order, names and types
     * below. When the schema changes without this class, no message is read in place and every
     * one takes the decoding path.
     */
    static final boolean LAYOUT_MATCHES = signature(PreferenceRecord.getClassSchema()).equals("{id:string,"
            + "source:string,content_key:string,prompt:string,prompt_messages:[null,array<{role:string,"
            + "content:string}>],chosen:string,rejected:string,annotator_id:[null,string],votes:int,"
            + "pair_key:[null,string],created_at:[null,long/timestamp-millis],metadata:map<string>}");

    private static final byte MARKER_0 = (byte) 0xC3;
    private static final byte MARKER_1 = 0x01;
    private static final int MAX_INT_BYTES = 5;
    private static final int MAX_LONG_BYTES = 10;
    private static final long ASCII_MASK = 0x8080808080808080L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] bytes;
    private final boolean checkText;
    private final int limit;
    private int position;
    private boolean canonical = true;
    private boolean malformed;
    private int lastLength;
    private int idStart;
    private int idLength;
    private int contentKeyStart;
    private int contentKeyLength;
    private int promptStart;
    private int promptLength;
    private int annotatorStart = -1;
    private int annotatorLength;
    private int votes;
    private int votesStart;
    private int votesEnd;
    private int pairKeyStart = -1;
    private int pairKeyLength;

    private EncodedRecord(byte[] bytes, int start, int limit, boolean checkText) {
        this.bytes = bytes;
        this.checkText = checkText;
        this.position = start;
        this.limit = limit;
    }

    /**
     * Returns the header every message of the current schema starts with.
     *
     * @param fingerprint the current schema's CRC-64-AVRO fingerprint
     */
    static byte[] header(long fingerprint) {
        return ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN).put(MARKER_0).put(MARKER_1)
                .putLong(fingerprint).array();
    }

    /**
     * Reads a message in place.
     *
     * @param message the whole message, header included
     * @param fingerprint the current schema's fingerprint
     * @param checkText whether to check that every string is well-formed UTF-8, which
     *        {@link #canonical()} needs; a message already known to be canonical need not be checked
     * @return the fields, or null when the message is not a well-formed datum of the current
     *         schema (another schema's, or damaged); such a message must be decoded the usual way,
     *         which also reports the damage
     */
    static EncodedRecord read(byte[] message, long fingerprint, boolean checkText) {
        if (!LAYOUT_MATCHES || message == null || message.length < HEADER || message[0] != MARKER_0
                || message[1] != MARKER_1
                || ByteBuffer.wrap(message, 2, Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong() != fingerprint) {
            return null;
        }
        EncodedRecord record = new EncodedRecord(message, HEADER, message.length, checkText);
        return record.readFields() ? record : null;
    }

    /**
     * Reads one datum of the current schema that starts at {@code start}, as in a block of an
     * Avro data file written with that schema, without checking its text.
     *
     * @param bytes holds the datum, and possibly more after it
     * @param start where the datum starts
     * @param limit where the bytes that may belong to it end
     * @return the fields, with {@link #end()} where the datum ends; null when the bytes are not a
     *         well-formed datum of the current schema
     */
    static EncodedRecord readDatum(byte[] bytes, int start, int limit) {
        if (!LAYOUT_MATCHES) {
            return null;
        }
        EncodedRecord record = new EncodedRecord(bytes, start, limit, false);
        return record.readFields() ? record : null;
    }

    /** Returns where the datum ends: the index after its last byte. */
    int end() {
        return position;
    }

    private boolean readFields() {
        idStart = string();
        idLength = lastLength;
        string();
        contentKeyStart = string();
        contentKeyLength = lastLength;
        promptStart = string();
        promptLength = lastLength;
        int branch = union();
        if (branch == 1) {
            // Chat messages: records of two strings.
            items(readLong(), 2);
        }
        string();
        string();
        if (union() == 1) {
            annotatorStart = string();
            annotatorLength = lastLength;
        }
        votesStart = position;
        votes = readInt();
        votesEnd = position;
        if (union() == 1) {
            pairKeyStart = string();
            pairKeyLength = lastLength;
        }
        if (union() == 1) {
            readLong();
        }
        long entries = readLong();
        if (entries > 1) {
            canonical = false;
        }
        items(entries, 2);
        if (position != limit) {
            canonical = false;
        }
        return !malformed;
    }

    /** Reads a branch of a two-branch union: 0 or 1; anything else is malformed. */
    private int union() {
        int branch = readInt();
        if (branch != 0 && branch != 1) {
            malformed = true;
        }
        return branch;
    }

    /** Skips the blocks of an array or map whose items are strings, the first block's count already read. */
    private void items(long firstCount, int stringsPerItem) {
        long count = firstCount;
        boolean firstBlock = true;
        while (count != 0 && !malformed) {
            if (count < 0) {
                // A block written with its size in bytes: legal, but not how the encoder writes.
                canonical = false;
                count = -count;
                readLong();
            }
            if (!firstBlock) {
                canonical = false;
            }
            for (long i = 0; i < count && !malformed; i++) {
                for (int s = 0; s < stringsPerItem; s++) {
                    string();
                }
            }
            firstBlock = false;
            count = malformed ? 0 : readLong();
        }
    }

    /** Reads a string's length and skips its bytes, checking them; returns where they start. */
    private int string() {
        long length = readLong();
        int start = position;
        if (malformed || length < 0 || length > limit - position) {
            malformed = true;
            lastLength = 0;
            return start;
        }
        lastLength = (int) length;
        position += lastLength;
        if (checkText && canonical && !isUtf8(bytes, start, lastLength)) {
            canonical = false;
        }
        return start;
    }

    private int readInt() {
        long raw = varint(MAX_INT_BYTES);
        if (raw > 0xFFFFFFFFL) {
            malformed = true;
            return 0;
        }
        return (int) ((raw >>> 1) ^ -(raw & 1));
    }

    private long readLong() {
        long raw = varint(MAX_LONG_BYTES);
        return (raw >>> 1) ^ -(raw & 1);
    }

    /**
     * Reads an unsigned varint of at most {@code maxBytes} bytes; marks a non-minimal encoding as
     * not canonical and a truncated or overlong one as malformed.
     */
    private long varint(int maxBytes) {
        long value = 0;
        for (int i = 0; i < maxBytes && position < limit; i++) {
            int b = bytes[position++] & 0xFF;
            if (i == MAX_LONG_BYTES - 1 && b > 1) {
                break;
            }
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    canonical = false;
                }
                return value;
            }
        }
        malformed = true;
        return 0;
    }

    /** Returns whether the bytes are well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF). */
    static boolean isUtf8(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i + Long.BYTES <= end && ((long) LONGS.get(bytes, i) & ASCII_MASK) == 0) {
            i += Long.BYTES;
        }
        while (i < end) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                i++;
                continue;
            }
            int continuation;
            int min = 0x80;
            int max = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                continuation = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                continuation = 2;
                min = b == 0xE0 ? 0xA0 : min;
                max = b == 0xED ? 0x9F : max;
            } else if (b >= 0xF0 && b <= 0xF4) {
                continuation = 3;
                min = b == 0xF0 ? 0x90 : min;
                max = b == 0xF4 ? 0x8F : max;
            } else {
                return false;
            }
            if (i + continuation >= end) {
                return false;
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < min || second > max) {
                return false;
            }
            for (int k = 2; k <= continuation; k++) {
                if ((bytes[i + k] & 0xC0) != 0x80) {
                    return false;
                }
            }
            i += continuation + 1;
        }
        return true;
    }

    /**
     * Returns whether decoding the datum and encoding the record again gives the same bytes; when
     * the text was not checked, only as far as the rest of the datum tells.
     */
    boolean canonical() {
        return canonical;
    }

    /** Returns the whole message, header included. */
    byte[] bytes() {
        return bytes;
    }

    String id() {
        return text(idStart, idLength);
    }

    String contentKey() {
        return text(contentKeyStart, contentKeyLength);
    }

    /** Returns the annotator id, or null when the record names none. */
    String annotatorId() {
        return annotatorStart < 0 ? null : text(annotatorStart, annotatorLength);
    }

    /** Returns the pair key, or null when the record has none. */
    String pairKey() {
        return pairKeyStart < 0 ? null : text(pairKeyStart, pairKeyLength);
    }

    String prompt() {
        return text(promptStart, promptLength);
    }

    int votes() {
        return votes;
    }

    /**
     * Returns the datum with another vote count: the bytes around the votes field are kept, so the
     * result is what encoding the decoded record with that count gives.
     */
    byte[] datumWithVotes(int newVotes) {
        byte[] encoded = new byte[MAX_INT_BYTES];
        int length = BinaryData.encodeInt(newVotes, encoded, 0);
        byte[] datum = new byte[bytes.length - HEADER - (votesEnd - votesStart) + length];
        int before = votesStart - HEADER;
        System.arraycopy(bytes, HEADER, datum, 0, before);
        System.arraycopy(encoded, 0, datum, before, length);
        System.arraycopy(bytes, votesEnd, datum, before + length, bytes.length - votesEnd);
        return datum;
    }

    private String text(int start, int length) {
        return new String(bytes, start, length, StandardCharsets.UTF_8);
    }

    private static String signature(Schema schema) {
        LogicalType logical = schema.getLogicalType();
        String type = switch (schema.getType()) {
            case RECORD -> schema.getFields().stream().map(f -> f.name() + ":" + signature(f.schema()))
                    .collect(Collectors.joining(",", "{", "}"));
            case UNION -> schema.getTypes().stream().map(EncodedRecord::signature)
                    .collect(Collectors.joining(",", "[", "]"));
            case ARRAY -> "array<" + signature(schema.getElementType()) + ">";
            case MAP -> "map<" + signature(schema.getValueType()) + ">";
            default -> schema.getType().getName();
        };
        return logical == null ? type : type + "/" + logical.getName();
    }
}

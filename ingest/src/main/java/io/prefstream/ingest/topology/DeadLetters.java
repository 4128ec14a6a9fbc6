package io.prefstream.ingest.topology;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;

import io.prefstream.ingest.format.ParseResult;
import io.prefstream.schemas.v1.DeadLetter;

/** Builds dead-letter envelopes; keeps the original bytes whole unless they exceed the excerpt limit. */
public final class DeadLetters {

    /** Originals larger than this are cut to {@link #EXCERPT_BYTES} so the envelope fits any topic. */
    public static final int MAX_ORIGINAL_BYTES = 512 * 1024;

    /** Size of the excerpt kept from an oversized original. */
    public static final int EXCERPT_BYTES = 256;

    private DeadLetters() {
    }

    /**
     * Wraps a rejection.
     *
     * @param rejected the parser's verdict
     * @param recordRef which input record this was
     * @param original the bytes as received
     * @param topic source topic, or null when the record never reached Kafka
     * @param partition source partition, or -1
     * @param offset source offset, or -1
     * @param failedAt when the rejection happened
     */
    public static DeadLetter of(ParseResult.Rejected rejected, String recordRef, byte[] original,
            String topic, int partition, long offset, Instant failedAt) {
        return of(rejected, recordRef, original, original.length, topic, partition, offset, failedAt);
    }

    /**
     * Wraps a rejection of a record of which only the first bytes were read (a line over the size
     * limit that the importer stopped reading).
     *
     * @param rejected the parser's verdict
     * @param recordRef which input record this was
     * @param original the bytes read, the start of the record
     * @param originalSize the size of the whole record in bytes, at least {@code original.length}
     * @param topic source topic, or null when the record never reached Kafka
     * @param partition source partition, or -1
     * @param offset source offset, or -1
     * @param failedAt when the rejection happened
     */
    public static DeadLetter of(ParseResult.Rejected rejected, String recordRef, byte[] original, long originalSize,
            String topic, int partition, long offset, Instant failedAt) {
        if (originalSize < original.length) {
            throw new IllegalArgumentException("record " + recordRef + " is " + originalSize + " bytes, fewer than the "
                    + original.length + " read");
        }
        byte[] kept = original.length > MAX_ORIGINAL_BYTES ? Arrays.copyOf(original, EXCERPT_BYTES) : original;
        return DeadLetter.newBuilder()
                .setReason(rejected.reason().name())
                .setField(rejected.field())
                .setDetail(rejected.detail())
                .setRecordRef(recordRef)
                .setOriginal(ByteBuffer.wrap(kept))
                .setOriginalSize(originalSize)
                .setSourceTopic(topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setFailedAt(failedAt)
                .build();
    }
}

package io.prefstream.ingest.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prefstream.schemas.serde.AvroSerde;
import io.prefstream.schemas.v1.DeadLetter;

/**
 * Reads the reason code of a dead-letter message for counting. A message that is not a
 * {@code DeadLetter} (written by some other producer) is counted under {@value #UNREADABLE}
 * instead of stopping the count: the topic only reports faults, so one bad entry must not
 * make every snapshot and every restart fail.
 */
public final class DeadLetterReasons {

    /** Reason counted for dead-letter messages that cannot be decoded. */
    public static final String UNREADABLE = "UNREADABLE_DEAD_LETTER";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReasons.class);

    private DeadLetterReasons() {
    }

    /** Returns the message's reason code, or {@value #UNREADABLE}. */
    public static String of(AvroSerde<DeadLetter> serde, ConsumerRecord<byte[], byte[]> record) {
        try {
            DeadLetter letter = serde.decode(record.topic(), record.value());
            return letter == null ? UNREADABLE : letter.getReason();
        } catch (SerializationException e) {
            LOG.warn("{}-{}@{} is not a dead-letter envelope; counted as {}: {}", record.topic(), record.partition(),
                    record.offset(), UNREADABLE, e.getMessage());
            return UNREADABLE;
        }
    }
}

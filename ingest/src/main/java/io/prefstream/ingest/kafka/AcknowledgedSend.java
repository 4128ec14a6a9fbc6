package io.prefstream.ingest.kafka;

import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.prefstream.ingest.app.KafkaSettings;

/**
 * Sends a single message with an idempotent, {@code acks=all} producer and waits for Kafka's
 * acknowledgement: for rare control messages (announcements, deletion requests) where a
 * long-lived producer would only hold connections open.
 */
public final class AcknowledgedSend {

    private AcknowledgedSend() {
    }

    /**
     * Sends one message and returns once every in-sync replica has it.
     *
     * @return where the message was written (partition and offset)
     * @throws ExecutionException when Kafka refuses the message; the cause says why
     * @throws InterruptedException when interrupted while waiting
     */
    public static RecordMetadata send(KafkaSettings kafka, String topic, String key, byte[] value)
            throws ExecutionException, InterruptedException {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.properties(Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all")),
                new StringSerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }
}

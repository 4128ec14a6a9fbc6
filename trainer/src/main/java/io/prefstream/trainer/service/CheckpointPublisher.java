package io.prefstream.trainer.service;

import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prefstream.schemas.serde.AvroSerdes;
import io.prefstream.schemas.v1.CheckpointAnnouncement;

/** Announces checkpoints on the checkpoint topic with the idempotent producer. Close it when done. */
public final class CheckpointPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointPublisher.class);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    /**
     * Creates a publisher.
     *
     * @param kafka base client properties (bootstrap servers and any security settings)
     * @param topic the checkpoint announcement topic
     */
    public CheckpointPublisher(Properties kafka, String topic) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    /** Sends one announcement and waits for Kafka's acknowledgement. */
    public void announce(CheckpointAnnouncement announcement) {
        try {
            producer.send(new ProducerRecord<>(topic, announcement.getCheckpointId(),
                    AvroSerdes.checkpointAnnouncement().encode(announcement))).get();
            LOG.info("checkpoint {} announced on {}", announcement.getCheckpointId(), topic);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot announce checkpoint " + announcement.getCheckpointId(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted announcing checkpoint " + announcement.getCheckpointId(), e);
        }
    }

    /** Builds an announcement. */
    public static CheckpointAnnouncement announcement(String checkpointId, int round, String snapshotId,
            String manifestSha256, String parentCheckpoint, String location, Map<String, Double> metrics) {
        return CheckpointAnnouncement.newBuilder()
                .setCheckpointId(checkpointId)
                .setRound(round)
                .setSnapshotId(snapshotId)
                .setSnapshotManifestSha256(manifestSha256)
                .setParentCheckpoint(parentCheckpoint)
                .setLocation(location)
                .setMetrics(Map.copyOf(metrics))
                .setAnnouncedAt(Instant.now())
                .build();
    }

    @Override
    public void close() {
        producer.close();
    }
}

package io.prefstream.ingest.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prefstream.ingest.app.IngestTopics;
import io.prefstream.ingest.app.KafkaSettings;
import io.prefstream.ingest.kafka.AcknowledgedSend;
import io.prefstream.ingest.kafka.TopicScan;
import io.prefstream.schemas.serde.AvroSerdes;
import io.prefstream.schemas.v1.SnapshotAnnouncement;
import io.prefstream.schemas.v1.SnapshotRequest;

/**
 * Asks the running ingest service for a snapshot by sending a request to the snapshot request
 * topic; the instance that writes snapshots serves it (see {@code SnapshotScheduler}).
 */
public final class SnapshotRequester {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotRequester.class);
    private static final Duration CHECK_EVERY = Duration.ofMillis(500);

    private final KafkaSettings kafka;
    private final IngestTopics topics;

    /** Creates a requester for the cluster and topics. */
    public SnapshotRequester(KafkaSettings kafka, IngestTopics topics) {
        this.kafka = kafka;
        this.topics = topics;
    }

    /**
     * A request that Kafka acknowledged.
     *
     * @param requestId the request's id
     * @param offset its offset on the request topic's single partition
     */
    public record Sent(String requestId, long offset) {
    }

    /** Sends one request and waits for Kafka's acknowledgement. */
    public Sent request() {
        String requestId = UUID.randomUUID().toString();
        SnapshotRequest request = SnapshotRequest.newBuilder().setRequestId(requestId)
                .setRequestedAt(Instant.now()).build();
        try {
            RecordMetadata written = AcknowledgedSend.send(kafka, topics.snapshotRequests(), requestId,
                    AvroSerdes.snapshotRequest().encode(request));
            LOG.info("snapshot request {} sent to {} at offset {}", requestId, topics.snapshotRequests(),
                    written.offset());
            return new Sent(requestId, written.offset());
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot send snapshot request " + requestId, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending snapshot request " + requestId, e);
        }
    }

    /**
     * Waits until the ingest service has served a request: its application's snapshot writers
     * have committed past the request's offset, which they do only after cutting (or finding
     * nothing new to cut) and announcing.
     *
     * @param sent the request
     * @param applicationId the ingest application id (default {@code prefstream-ingest})
     * @param timeout how long to wait
     * @return whether it was served within the timeout
     */
    public boolean awaitServed(Sent sent, String applicationId, Duration timeout) {
        TopicPartition partition = new TopicPartition(topics.snapshotRequests(), 0);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(kafka.properties(Map.of()))) {
            while (true) {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(
                        SnapshotRequestQueue.groupIdOf(applicationId)).partitionsToOffsetAndMetadata().get()
                        .get(partition);
                if (committed != null && committed.offset() > sent.offset()) {
                    return true;
                }
                if (System.nanoTime() - deadline > 0) {
                    return false;
                }
                Thread.sleep(CHECK_EVERY.toMillis());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the progress of snapshot request " + sent.requestId(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for snapshot request " + sent.requestId(), e);
        }
    }

    /** Returns the newest snapshot announcement, if any snapshot was announced. */
    public Optional<SnapshotAnnouncement> latestAnnouncement() {
        AtomicReference<SnapshotAnnouncement> latest = new AtomicReference<>();
        try (TopicScan scan = new TopicScan(kafka)) {
            scan.scan(topics.snapshots(), scan.endOffsets(topics.snapshots()), r -> latest.set(
                    AvroSerdes.snapshotAnnouncement().decode(topics.snapshots(), r.value())));
        }
        return Optional.ofNullable(latest.get());
    }
}

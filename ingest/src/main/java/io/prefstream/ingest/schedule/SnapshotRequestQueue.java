package io.prefstream.ingest.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prefstream.ingest.app.IngestTopics;
import io.prefstream.ingest.app.KafkaSettings;
import io.prefstream.schemas.serde.AvroSerde;
import io.prefstream.schemas.serde.AvroSerdes;
import io.prefstream.schemas.v1.SnapshotRequest;

/**
 * The snapshot request topic as one ingest instance sees it, and the election of the instance
 * that writes snapshots. Every instance of an application joins one consumer group over the
 * topic's single partition, so exactly one instance owns the partition at a time: that instance
 * writes snapshots. When it stops or dies, the group gives the partition, and with it the
 * snapshot writing, to a survivor (within {@link #SESSION_TIMEOUT} of a crash).
 *
 * <p>A request is committed only after it is served. So that a request is not served twice when
 * its server dies between publishing a snapshot and committing, {@link #begin} first commits the
 * batch's first offset (the batch is still redelivered) with metadata naming the batch's last
 * offset and the latest snapshot version at that moment. An owner that later finds that
 * metadata, and a published snapshot newer than that version, knows the batch was served.
 *
 * <p>Not thread-safe; the caller owns it and must close it.
 */
public final class SnapshotRequestQueue implements AutoCloseable {

    /** Suffix of the consumer group id, appended to the ingest application id. */
    public static final String GROUP_SUFFIX = ".snapshot-writer";

    /** How long after a crash the group gives the snapshot writing to a survivor. */
    public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);

    /** Longest time between polls (a cut runs between two polls) before the owner counts as stuck. */
    static final Duration MAX_POLL_INTERVAL = Duration.ofMinutes(30);

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotRequestQueue.class);
    private static final String THROUGH = "served-through=";
    private static final String VERSION = ";latest-version=";

    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicPartition partition;
    private final String groupId;
    private final String instanceId;
    private final AvroSerde<SnapshotRequest> serde = AvroSerdes.snapshotRequest();
    private boolean leader;
    private InFlight inFlight;

    /** A batch begun by some owner and not completed: served when a snapshot newer than the version exists. */
    private record InFlight(long throughOffset, int latestVersion) {
    }

    /**
     * Joins the group (on the first {@link #poll}).
     *
     * @param kafka cluster connection
     * @param topics topic names; the request topic must have exactly one partition
     * @param applicationId the ingest application id; the group is {@code <id>}{@value #GROUP_SUFFIX}
     * @param instanceId names this instance in logs and in the consumer's client id
     */
    public SnapshotRequestQueue(KafkaSettings kafka, IngestTopics topics, String applicationId, String instanceId) {
        this.groupId = groupIdOf(applicationId);
        this.instanceId = instanceId;
        this.partition = new TopicPartition(topics.snapshotRequests(), 0);
        this.consumer = new KafkaConsumer<>(kafka.properties(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-" + instanceId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // Sticky, so that an instance joining the group does not take the writing from the current owner.
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis(),
                ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) MAX_POLL_INTERVAL.toMillis(),
                // Kept open as long as a cut may hold the consumer, so the coordinator connection
                // survives one (Kafka warns at start-up otherwise).
                ConsumerConfig.CONNECTIONS_MAX_IDLE_MS_CONFIG, (int) MAX_POLL_INTERVAL.toMillis())),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topics.snapshotRequests()), new Listener());
    }

    /** Returns the consumer group id of an application's snapshot writers. */
    public static String groupIdOf(String applicationId) {
        return applicationId + GROUP_SUFFIX;
    }

    /**
     * Takes part in the group and returns the requests that arrived (or were redelivered) since
     * the last call; empty unless this instance is the {@linkplain #isLeader() leader}.
     */
    public List<PendingRequest> poll(Duration timeout) {
        List<PendingRequest> requests = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            requests.add(decode(record));
        }
        return requests;
    }

    /** Returns whether this instance owns the request partition, and so writes snapshots. */
    public boolean isLeader() {
        return leader;
    }

    /**
     * Returns the requests of a batch that an earlier owner already served: those it had begun,
     * when a snapshot newer than the version it recorded has been published since.
     *
     * @param batch requests just polled
     * @param latestVersion the latest published snapshot version now (0: none)
     */
    public List<PendingRequest> alreadyServed(List<PendingRequest> batch, int latestVersion) {
        if (inFlight == null || latestVersion <= inFlight.latestVersion()) {
            return List.of();
        }
        return batch.stream().filter(r -> r.offset() <= inFlight.throughOffset()).toList();
    }

    /**
     * Records, before serving a batch, that it is being served while {@code latestVersion} is the
     * latest snapshot; the batch stays uncommitted until {@link #complete}.
     */
    public void begin(List<PendingRequest> batch, int latestVersion) {
        long first = batch.get(0).offset();
        long last = batch.get(batch.size() - 1).offset();
        inFlight = new InFlight(last, latestVersion);
        commit(first, THROUGH + last + VERSION + latestVersion);
    }

    /** Commits past a served batch; returns false when this instance lost the partition first. */
    public boolean complete(List<PendingRequest> batch) {
        inFlight = null;
        return commit(batch.get(batch.size() - 1).offset() + 1, "");
    }

    private boolean commit(long offset, String metadata) {
        try {
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(offset, metadata)));
            return true;
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // The partition moved to another instance; it redelivers the batch and sees from the
            // snapshot store whether it was served, so nothing is lost or served twice.
            LOG.warn("instance {} lost the snapshot request partition before committing offset {}: {}", instanceId,
                    offset, e.getMessage());
            return false;
        }
    }

    private PendingRequest decode(ConsumerRecord<String, byte[]> record) {
        Instant sent = Instant.ofEpochMilli(record.timestamp());
        try {
            SnapshotRequest request = serde.decode(record.topic(), record.value());
            if (request != null) {
                return new PendingRequest(request.getRequestId(), record.offset(), request.getRequestedAt());
            }
        } catch (SerializationException e) {
            LOG.warn("{}@{} is not a snapshot request; serving it as one: {}", partition, record.offset(),
                    e.getMessage());
        }
        return new PendingRequest("unreadable@" + record.offset(), record.offset(), sent);
    }

    private static InFlight parse(OffsetAndMetadata committed) {
        if (committed == null || committed.metadata() == null || !committed.metadata().startsWith(THROUGH)) {
            return null;
        }
        String text = committed.metadata().substring(THROUGH.length());
        int split = text.indexOf(VERSION);
        try {
            return new InFlight(Long.parseLong(text.substring(0, split)),
                    Integer.parseInt(text.substring(split + VERSION.length())));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            LOG.warn("ignoring unreadable commit metadata on {}: {}", committed, e.getMessage());
            return null;
        }
    }

    /** Follows the ownership of the request partition. */
    private final class Listener implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.contains(partition)) {
                inFlight = parse(consumer.committed(Set.of(partition)).get(partition));
                leader = true;
                LOG.info("ingest instance {} now writes snapshots (owns {} in group {}{})", instanceId, partition,
                        groupId, inFlight == null ? "" : "; a batch through offset " + inFlight.throughOffset()
                                + " was begun at snapshot version " + inFlight.latestVersion());
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            release(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            release(partitions);
        }

        private void release(Collection<TopicPartition> partitions) {
            if (partitions.contains(partition) && leader) {
                leader = false;
                inFlight = null;
                LOG.info("ingest instance {} no longer writes snapshots (gave up {} in group {})", instanceId,
                        partition, groupId);
            }
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}

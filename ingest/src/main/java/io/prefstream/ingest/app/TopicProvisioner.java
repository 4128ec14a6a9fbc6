package io.prefstream.ingest.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prefstream.schemas.Topics;

/**
 * Creates the project's topics when they are missing. Record topics get several partitions
 * (so ingest can scale out); announcement and request topics get one, so they stay in order (and
 * the one partition of the snapshot request topic elects the instance that writes snapshots).
 *
 * @param recordPartitions partitions of the raw, accepted, duplicate and dead-letter topics (default 3)
 * @param replicationFactor replication factor of every topic (1 for the embedded broker; 3 in production)
 * @param minInSyncReplicas {@code min.insync.replicas} of every topic (1 embedded; 2 in production)
 */
public record TopicProvisioner(int recordPartitions, short replicationFactor, int minInSyncReplicas) {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    /** Settings for a single-node development broker. */
    public static TopicProvisioner singleNode() {
        return new TopicProvisioner(3, (short) 1, 1);
    }

    /**
     * Creates whichever of the topics do not exist yet.
     *
     * @param admin an admin client for the cluster
     * @param topics the ingest topic names
     * @param checkpointTopic the checkpoint announcement topic
     * @return the names of the topics created now
     */
    public List<String> ensure(Admin admin, IngestTopics topics, String checkpointTopic) {
        Map<String, String> config = Map.of("min.insync.replicas", Integer.toString(minInSyncReplicas));
        List<NewTopic> wanted = List.of(
                new NewTopic(topics.raw(), recordPartitions, replicationFactor).configs(config),
                new NewTopic(topics.accepted(), recordPartitions, replicationFactor).configs(config),
                new NewTopic(topics.duplicates(), recordPartitions, replicationFactor).configs(config),
                new NewTopic(topics.deadLetter(), recordPartitions, replicationFactor).configs(config),
                new NewTopic(topics.deletions(), 1, replicationFactor).configs(config),
                new NewTopic(topics.snapshots(), 1, replicationFactor).configs(config),
                new NewTopic(topics.snapshotRequests(), 1, replicationFactor).configs(config),
                new NewTopic(checkpointTopic, 1, replicationFactor).configs(config));
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            List<String> created = new ArrayList<>();
            admin.createTopics(missing).values().forEach((name, future) -> {
                try {
                    future.get();
                    created.add(name);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + name, e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while creating topic " + name, e);
                }
            });
            if (!created.isEmpty()) {
                LOG.info("created {} topics: {} ({} partitions for records, replication {})", created.size(),
                        created, recordPartitions, replicationFactor);
            }
            return created;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list topics", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing topics", e);
        }
    }

    /** Returns the default checkpoint topic name, for callers that do not configure one. */
    public static String defaultCheckpointTopic() {
        return Topics.CHECKPOINTS;
    }
}

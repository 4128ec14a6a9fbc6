package io.prefstream.ingest.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.prefstream.ingest.app.IngestTopics;
import io.prefstream.ingest.app.KafkaSettings;
import io.prefstream.ingest.dedup.DedupProcessor;
import io.prefstream.schemas.serde.AvroSerde;
import io.prefstream.schemas.serde.AvroSerdes;
import io.prefstream.schemas.v1.DeadLetter;

/**
 * Follows the three outcome topics (accepted, duplicates, dead letters), committed data only,
 * and keeps running totals. Every judged input produces exactly one outcome, so comparing the
 * total with the number of inputs sent tells when ingest has caught up.
 *
 * <p>Not thread-safe; the caller owns it and must close it.
 */
public final class OutcomeCounter implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(250);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final IngestTopics topics;
    private final AvroSerde<DeadLetter> deadLetters = AvroSerdes.deadLetter();
    private final SortedMap<String, Long> deadLetteredByReason = new TreeMap<>();
    private long accepted;
    private long votes;
    private long conflicts;
    private long duplicates;

    /** Starts counting from the beginning of each topic. */
    public OutcomeCounter(KafkaSettings kafka, IngestTopics topics) {
        this.topics = topics;
        this.consumer = new KafkaConsumer<>(kafka.properties(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(topics.accepted(), topics.duplicates(), topics.deadLetter())) {
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads whatever has arrived since the last call and returns the new totals. */
    public Totals poll() {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
            if (record.topic().equals(topics.accepted())) {
                countAccepted(RawHeaders.text(record.headers(), DedupProcessor.OUTCOME_HEADER, "first"));
            } else if (record.topic().equals(topics.duplicates())) {
                duplicates++;
            } else {
                deadLetteredByReason.merge(DeadLetterReasons.of(deadLetters, record), 1L, Long::sum);
            }
        }
        return totals();
    }

    private void countAccepted(String outcome) {
        switch (outcome) {
            case "vote" -> votes++;
            case "conflict" -> conflicts++;
            default -> accepted++;
        }
    }

    /** Returns the totals so far. */
    public Totals totals() {
        return new Totals(accepted, votes, conflicts, duplicates, new TreeMap<>(deadLetteredByReason));
    }

    /**
     * Outcome totals.
     *
     * @param accepted records accepted as new pairs
     * @param votes records that added a vote to a kept pair
     * @param conflicts records that judged a kept pair the other way round (new rows)
     * @param duplicates records recognised as duplicates
     * @param deadLetteredByReason dead letters per reason code
     */
    public record Totals(long accepted, long votes, long conflicts, long duplicates,
            SortedMap<String, Long> deadLetteredByReason) {

        /** Returns all dead letters. */
        public long deadLettered() {
            return deadLetteredByReason.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Returns all outcomes. */
        public long total() {
            return accepted + votes + conflicts + duplicates + deadLettered();
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}

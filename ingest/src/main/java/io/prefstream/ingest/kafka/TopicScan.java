package io.prefstream.ingest.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.prefstream.ingest.app.KafkaSettings;

/**
 * Reads whole topics, committed data only, from the start up to fixed end offsets. Used to
 * cut snapshots and count outcomes: the same end offsets always give the same records.
 * Uses manual assignment and commits nothing, so it never joins or disturbs a group.
 */
public final class TopicScan implements AutoCloseable {

    // Short, because a partition ending in a transaction marker returns no record to wake the
    // poll: the position passes the marker and the poll would sit out its whole timeout.
    private static final Duration POLL = Duration.ofMillis(20);

    // The scan reads one partition at a time, and the consumer sends the next fetch for a partition
    // before handing out the records of the last one. When those were the partition's last, that
    // fetch finds nothing new and the broker holds it for fetch.max.wait.ms (500 ms by default),
    // and no fetch for the next partition can leave until it returns: half a second per partition,
    // most of a small cut. A scan only ever reads data that is already there, so it never needs
    // the broker to wait.
    private static final int FETCH_MAX_WAIT_MS = 5;

    // One partition is read at a time, so the per-partition limit (1 MiB by default, about 800
    // judgments) is the size of every round trip; 8 MiB lets each fetch bring about 6,000.
    private static final int PARTITION_FETCH_BYTES = 8 * 1024 * 1024;
    private static final int MAX_POLL_RECORDS = 10_000;

    private final KafkaConsumer<byte[], byte[]> consumer;

    /** Opens a read-committed consumer on the cluster. The caller must close the scan. */
    public TopicScan(KafkaSettings kafka) {
        this.consumer = new KafkaConsumer<>(kafka.properties(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, PARTITION_FETCH_BYTES,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS)),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Returns the current end offsets (the last stable offset, since only committed data is
     * read) of every partition of the topic, sorted by partition.
     */
    public SortedMap<Integer, Long> endOffsets(String topic) {
        List<TopicPartition> partitions = partitions(topic);
        SortedMap<Integer, Long> ends = new TreeMap<>();
        consumer.endOffsets(partitions).forEach((tp, offset) -> ends.put(tp.partition(), offset));
        return ends;
    }

    /**
     * Feeds every committed record of the topic below the given end offsets to the sink, in
     * partition order and within a partition in offset order.
     */
    public long scan(String topic, Map<Integer, Long> endOffsets, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        long count = 0;
        for (Map.Entry<Integer, Long> entry : new TreeMap<>(endOffsets).entrySet()) {
            count += scanPartition(new TopicPartition(topic, entry.getKey()), entry.getValue(), sink);
        }
        return count;
    }

    private long scanPartition(TopicPartition partition, long end, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long count = 0;
        while (consumer.position(partition) < end) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                if (record.offset() < end) {
                    sink.accept(record);
                    count++;
                }
            }
        }
        consumer.assign(List.of());
        return count;
    }

    private List<TopicPartition> partitions(String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}

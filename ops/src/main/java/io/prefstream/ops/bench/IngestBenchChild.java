package io.prefstream.ops.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

import io.prefstream.ingest.app.IngestService;
import io.prefstream.ingest.app.IngestTopics;
import io.prefstream.ingest.app.KafkaSettings;
import io.prefstream.ingest.format.ParserConfig;
import io.prefstream.ingest.kafka.OutcomeCounter;
import io.prefstream.ingest.kafka.RawHeaders;
import io.prefstream.ingest.metrics.SnapshotTrigger;
import io.prefstream.ingest.snapshot.SnapshotStore;
import io.prefstream.ingest.snapshot.SnapshotWriter;
import io.prefstream.schemas.snapshot.SnapshotLayout;

/**
 * One measurement of {@link IngestBench}, run in a JVM of its own so that its heap is measured
 * alone and every size starts equally cold. Reads its settings from a properties file named on
 * the command line and prints each figure to stdout as {@code bench.<key>=<value>}; logs go to
 * stderr.
 *
 * <p>Mode {@code pipeline}: starts the ingest service (validation and dedup with exactly-once),
 * produces the synthetic records to the raw topic, waits until every one is judged, cuts a
 * snapshot, then writes the same number of bytes to a plain file. Mode {@code plain}: produces
 * the same records to a plain topic and consumes them back. Mode {@code pass-through}: runs a
 * Kafka Streams topology that copies each record from one topic to another, unchanged, under the
 * ingest service's settings (exactly-once v2 included), produces the same records to its input and
 * consumes its committed output: what exactly-once Kafka Streams costs before any processing. Each
 * mode first runs {@value #WARMUP} other records the same way, untimed (the pipeline also cuts a
 * snapshot of them), so that the figures are not dominated by class loading, compilation and
 * connection set-up.
 */
public final class IngestBenchChild {

    /** Prefix of every result line. */
    static final String OUTPUT_PREFIX = "bench.";
    static final String MODE = "mode";
    static final String PIPELINE = "pipeline";
    static final String PLAIN = "plain";
    static final String PASS_THROUGH = "pass-through";
    /** Input and output topics of the pass-through topology, after the run's prefix. */
    static final String PASS_THROUGH_IN = "pass-through-in";
    static final String PASS_THROUGH_OUT = "pass-through-out";
    static final String TOPIC_PREFIX = "topic.prefix";
    static final String RECORDS = "records";
    static final String SEED = "seed";
    static final String WORK_DIR = "work.dir";
    static final String CLIENT_PREFIX = "client.";

    static final String INGEST_SECONDS = "ingest.seconds";
    static final String PLAIN_SECONDS = "plain.seconds";
    static final String PASS_THROUGH_SECONDS = "pass-through.seconds";
    static final String SNAPSHOT_SECONDS = "snapshot.seconds";
    static final String SNAPSHOT_READ_SECONDS = "snapshot.read.seconds";
    static final String SNAPSHOT_WRITE_SECONDS = "snapshot.write.seconds";
    static final String INGEST_LATENCY_SECONDS = "ingest.latency.seconds";
    static final String PLAIN_LATENCY_SECONDS = "plain.latency.seconds";
    static final String SNAPSHOT_BYTES = "snapshot.bytes";
    static final String SNAPSHOT_RECORDS = "snapshot.records";
    static final String FILE_SECONDS = "file.seconds";
    static final String HEAP_AFTER_GC = "heap.peak.after.gc";
    static final String HEAP_PEAK = "heap.peak.used";
    static final String HEAP_MAX = "heap.max";

    /**
     * Records each mode runs, untimed, before the measured ones: enough for the JIT compiler to
     * have compiled the per-record code (about 10,000 calls a method), so that the smallest size is
     * not measured in the interpreter.
     */
    static final long WARMUP = 20_000;

    /** Single records sent one at a time after the warm-up, to time an idle round trip; the median counts. */
    static final int PROBES = 5;

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final int WRITE_BUFFER = 1 << 20;
    private static final byte[] SOURCE = "bench".getBytes(StandardCharsets.UTF_8);

    private IngestBenchChild() {
    }

    /**
     * Runs one measurement.
     *
     * @param args the settings file
     */
    public static void main(String[] args) throws Exception {
        Properties settings = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(args[0]))) {
            settings.load(reader);
        }
        SortedMap<String, Double> results = switch (settings.getProperty(MODE)) {
            case PIPELINE -> pipeline(settings);
            case PASS_THROUGH -> passThrough(settings);
            case PLAIN -> plain(settings);
            default -> throw new IllegalArgumentException("unknown benchmark mode " + settings.getProperty(MODE));
        };
        results.forEach((key, value) -> System.out.println(OUTPUT_PREFIX + key + "=" + value));
        System.out.flush();
        // Kafka clients are closed; exiting here also ends any daemon-less thread a library left.
        System.exit(0);
    }

    private static KafkaSettings kafka(Properties settings) {
        Map<String, String> client = new TreeMap<>();
        for (String name : settings.stringPropertyNames()) {
            if (name.startsWith(CLIENT_PREFIX)) {
                client.put(name.substring(CLIENT_PREFIX.length()), settings.getProperty(name));
            }
        }
        String servers = client.remove("bootstrap.servers");
        return new KafkaSettings(servers, client);
    }

    private static SortedMap<String, Double> pipeline(Properties settings) throws Exception {
        KafkaSettings kafka = kafka(settings);
        String prefix = settings.getProperty(TOPIC_PREFIX);
        long records = Long.parseLong(settings.getProperty(RECORDS));
        long seed = Long.parseLong(settings.getProperty(SEED));
        Path work = Path.of(settings.getProperty(WORK_DIR));
        IngestTopics topics = IngestTopics.withPrefix(prefix);
        SortedMap<String, Double> results = new TreeMap<>();
        ExecutorService producer = Executors.newSingleThreadExecutor();
        try (HeapWatch heap = new HeapWatch();
                IngestService service = new IngestService(kafka, topics, ParserConfig.defaults(), prefix + "ingest",
                        work.resolve("state"))) {
            service.start();
            awaitRunning(service::state);
            SnapshotWriter writer = new SnapshotWriter(kafka, topics, new SnapshotStore(work.resolve("snapshots")),
                    0.1);
            try (OutcomeCounter counter = new OutcomeCounter(kafka, topics)) {
                Future<?> warm = producer.submit(() -> produce(kafka, topics.raw(), seed, records, records + WARMUP));
                awaitOutcomes(counter, WARMUP, warm);
                results.put(INGEST_LATENCY_SECONDS, probe(kafka, topics.raw(), seed, records + WARMUP,
                        total -> awaitOutcomes(counter, WARMUP + total, null)));
                writer.cut(SnapshotTrigger.COUNT);
                long started = System.nanoTime();
                Future<?> sent = producer.submit(() -> produce(kafka, topics.raw(), seed, 0, records));
                awaitOutcomes(counter, WARMUP + PROBES + records, sent);
                results.put(INGEST_SECONDS, seconds(started));
            }
            long cutStarted = System.nanoTime();
            SnapshotWriter.Result snapshot = writer.cut(SnapshotTrigger.COUNT).orElseThrow();
            results.put(SNAPSHOT_SECONDS, seconds(cutStarted));
            results.put(SNAPSHOT_READ_SECONDS, snapshot.phases().readNanos() / 1e9);
            results.put(SNAPSHOT_WRITE_SECONDS, snapshot.phases().writeNanos() / 1e9);
            long bytes = Files.size(SnapshotLayout.records(snapshot.directory()));
            results.put(SNAPSHOT_BYTES, (double) bytes);
            results.put(SNAPSHOT_RECORDS, (double) snapshot.manifest().counts().records());
            results.put(HEAP_AFTER_GC, (double) heap.peakAfterGc());
            results.put(HEAP_PEAK, (double) heap.peakUsed());
            results.put(HEAP_MAX, (double) heap.max());
            results.put(FILE_SECONDS, writePlainFile(work.resolve("plain-write.bin"), bytes));
        } finally {
            producer.shutdownNow();
        }
        return results;
    }

    private static SortedMap<String, Double> plain(Properties settings) throws Exception {
        String topic = settings.getProperty(TOPIC_PREFIX) + PLAIN;
        return copyThrough(settings, topic, topic, PLAIN_LATENCY_SECONDS, PLAIN_SECONDS);
    }

    private static SortedMap<String, Double> passThrough(Properties settings) throws Exception {
        String prefix = settings.getProperty(TOPIC_PREFIX);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(prefix + PASS_THROUGH_IN, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(prefix + PASS_THROUGH_OUT, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        Path state = Path.of(settings.getProperty(WORK_DIR)).resolve("state");
        try (KafkaStreams streams = new KafkaStreams(builder.build(), kafka(settings).properties(
                IngestService.streamsSettings(prefix + PASS_THROUGH, state)))) {
            streams.start();
            awaitRunning(streams::state);
            return copyThrough(settings, prefix + PASS_THROUGH_IN, prefix + PASS_THROUGH_OUT, null,
                    PASS_THROUGH_SECONDS);
        }
    }

    /**
     * Produces the records to {@code in} while a consumer counts their arrival on {@code out}
     * (committed records only) and times it; one topic for both is a plain produce and consume.
     * Also times the idle round trip, into {@code latencyKey}, unless that is null.
     */
    private static SortedMap<String, Double> copyThrough(Properties settings, String in, String out,
            String latencyKey, String secondsKey) throws Exception {
        KafkaSettings kafka = kafka(settings);
        long records = Long.parseLong(settings.getProperty(RECORDS));
        long seed = Long.parseLong(settings.getProperty(SEED));
        SortedMap<String, Double> results = new TreeMap<>();
        ExecutorService producer = Executors.newSingleThreadExecutor();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.properties(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(out)) {
                partitions.add(new TopicPartition(out, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            partitions.forEach(consumer::position);
            Future<?> warm = producer.submit(() -> produce(kafka, in, seed, records, records + WARMUP));
            long[] received = {consume(consumer, 0, WARMUP, warm)};
            long probes = 0;
            if (latencyKey != null) {
                results.put(latencyKey, probe(kafka, in, seed, records + WARMUP,
                        total -> received[0] = consume(consumer, received[0], WARMUP + total, null)));
                probes = PROBES;
            }
            long started = System.nanoTime();
            Future<?> sent = producer.submit(() -> produce(kafka, in, seed, 0, records));
            consume(consumer, received[0], WARMUP + probes + records, sent);
            results.put(secondsKey, seconds(started));
        } finally {
            producer.shutdownNow();
        }
        return results;
    }

    private static long consume(KafkaConsumer<byte[], byte[]> consumer, long received, long total, Future<?> sent)
            throws Exception {
        long count = received;
        while (count < total) {
            count += consumer.poll(POLL).count();
            failIfDone(sent);
        }
        if (sent != null) {
            sent.get();
        }
        return count;
    }

    private static void awaitOutcomes(OutcomeCounter counter, long total, Future<?> sent) throws Exception {
        while (counter.poll().total() < total) {
            failIfDone(sent);
        }
        if (sent != null) {
            sent.get();
        }
    }

    /** Waits until the probes sent so far (the count given) have arrived. */
    @FunctionalInterface
    private interface ProbeWait {
        void await(long probesSent) throws Exception;
    }

    /**
     * Sends {@value #PROBES} single records (lines {@code from} on), each after the previous one
     * arrived, and returns the median time from send to arrival, in seconds: the latency a run
     * of any size pays once, on top of its records' processing.
     */
    private static double probe(KafkaSettings kafka, String topic, long seed, long from, ProbeWait arrived)
            throws Exception {
        double[] latencies = new double[PROBES];
        try (KafkaProducer<byte[], byte[]> producer = newProducer(kafka)) {
            for (int p = 0; p < PROBES; p++) {
                long started = System.nanoTime();
                producer.send(record(topic, seed, from + p));
                producer.flush();
                arrived.await(p + 1);
                latencies[p] = seconds(started);
            }
        }
        java.util.Arrays.sort(latencies);
        return latencies[PROBES / 2];
    }

    /**
     * Sends synthetic lines {@code [from, to)} the way a collector does: idempotent, acks=all,
     * spread over partitions by key.
     */
    private static Void produce(KafkaSettings kafka, String topic, long seed, long from, long to) {
        try (KafkaProducer<byte[], byte[]> producer = newProducer(kafka)) {
            for (long i = from; i < to; i++) {
                producer.send(record(topic, seed, i));
            }
            producer.flush();
        }
        return null;
    }

    private static KafkaProducer<byte[], byte[]> newProducer(KafkaSettings kafka) {
        return new KafkaProducer<>(kafka.properties(Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")), new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, long seed, long i) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(RawHeaders.SOURCE, SOURCE);
        return new ProducerRecord<>(topic, null, ("bench:" + i).getBytes(StandardCharsets.UTF_8),
                SyntheticJudgments.line(seed, i), headers);
    }

    private static void failIfDone(Future<?> sent) throws Exception {
        if (sent != null && sent.isDone()) {
            // Surfaces a producer failure instead of waiting forever for records that never come.
            sent.get();
        }
    }

    private static void awaitRunning(Supplier<KafkaStreams.State> state) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (state.get() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("streams not running after " + START_TIMEOUT.toSeconds()
                        + " s (state " + state.get() + ")");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Writes {@code bytes} bytes sequentially with a 1 MiB buffer and fsyncs, as the snapshot writer does. */
    private static double writePlainFile(Path file, long bytes) throws IOException {
        byte[] buffer = new byte[WRITE_BUFFER];
        java.util.Arrays.fill(buffer, (byte) 'x');
        long started = System.nanoTime();
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            for (long left = bytes; left > 0; left -= buffer.length) {
                out.write(buffer, 0, (int) Math.min(buffer.length, left));
            }
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        double seconds = seconds(started);
        Files.delete(file);
        return seconds;
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}

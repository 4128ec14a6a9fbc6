package io.prefstream.ops.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prefstream.ingest.app.IngestTopics;
import io.prefstream.ingest.app.KafkaSettings;
import io.prefstream.ingest.app.TopicProvisioner;

/**
 * Measures ingest and snapshots side by side with plain Kafka and plain file I/O, in one run, on
 * the same broker and the same synthetic bytes ({@link SyntheticJudgments}):
 *
 * <ul>
 * <li>records per second through validation and dedup with exactly-once, against a plain
 *     produce and consume of the same records (target at least 0.5x);
 * <li>the same records through a Kafka Streams topology that only copies them, under the ingest
 *     service's settings (exactly-once v2 included), against the plain produce and consume and
 *     against the ingest service: how much of the gap to plain Kafka is exactly-once Kafka Streams
 *     itself, and how much is the ingest's own work (reported, no target);
 * <li>the latency of one record through the idle pipeline, against one record produced and
 *     consumed back (reported, no target);
 * <li>snapshot write rate, for the whole cut (read the accepted topic, sort, write, fsync,
 *     announce) and for its write phase alone, against a plain sequential write and fsync of as
 *     many bytes (target at least 0.5x);
 * <li>cost per record of ingest (raw, and less one idle latency) and of the snapshot (whole cut,
 *     and write phase) at each size, against the smallest size (target within 20%);
 * <li>peak heap after garbage collection of the ingest service (service, snapshot cut and the
 *     producer feeding it, in one JVM) at the largest size, against 512 MiB.
 * </ul>
 *
 * Each measurement runs in a child JVM ({@link IngestBenchChild}) with the configured heap limit,
 * on topics of its own that are deleted afterwards, after an untimed warm-up of
 * {@value IngestBenchChild#WARMUP} records. The snapshot holds the warm-up records too; its
 * figures are per row of the snapshot. Figures are printed, never asserted.
 */
public final class IngestBench {

    /** The heap the ingest service should stay under, in bytes. */
    public static final long HEAP_TARGET_BYTES = 512L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(IngestBench.class);
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(60);
    private static final double MIB = 1024.0 * 1024.0;
    private static final double MB = 1e6;
    private static final double MICROS = 1e6;
    private static final double MILLIS = 1e3;
    private static final double THROUGHPUT_TARGET = 0.5;
    private static final double FLATNESS = 0.2;

    private final KafkaSettings kafka;
    private final Path workDir;
    private final Settings settings;

    /**
     * What to measure.
     *
     * @param sizes record counts, each measured once (the command's default: 10,000, 100,000 and 1,000,000)
     * @param seed seeds the synthetic records (default 1)
     * @param childHeap {@code -Xmx} of each child JVM (default {@code 512m}, the heap target)
     */
    public record Settings(List<Long> sizes, long seed, String childHeap) {

        /** Sorts the sizes and checks them. */
        public Settings {
            if (sizes.isEmpty() || sizes.stream().anyMatch(s -> s <= 0 || s % SyntheticJudgments.BLOCK != 0)) {
                throw new IllegalArgumentException("benchmark sizes must be positive multiples of "
                        + SyntheticJudgments.BLOCK + ", got " + sizes);
            }
            sizes = sizes.stream().sorted().distinct().toList();
        }
    }

    /** The figures of one size; NaN where a child failed. */
    private record Measurement(long records, Map<String, Double> pipeline, Map<String, Double> plain,
            Map<String, Double> passThrough) {

        double pipeline(String key) {
            return pipeline.getOrDefault(key, Double.NaN);
        }

        double plain(String key) {
            return plain.getOrDefault(key, Double.NaN);
        }

        double passThrough(String key) {
            return passThrough.getOrDefault(key, Double.NaN);
        }
    }

    /**
     * Creates a benchmark.
     *
     * @param kafka the cluster; topics named {@code bench-...} are created and deleted on it
     * @param workDir scratch directory for state, snapshots and child logs
     * @param settings what to measure
     */
    public IngestBench(KafkaSettings kafka, Path workDir, Settings settings) {
        this.kafka = kafka;
        this.workDir = workDir;
        this.settings = settings;
    }

    /** Runs every measurement and returns the rows, in a fixed order. */
    public List<BenchRow> run() throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Map<Long, Measurement> measured = new LinkedHashMap<>();
        for (long size : settings.sizes()) {
            measured.put(size, measure(size));
        }
        return rows(measured);
    }

    private Measurement measure(long size) throws IOException, InterruptedException {
        String prefix = "bench-" + size + "-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        Path dir = workDir.resolve("n" + size);
        Files.createDirectories(dir);
        try (Admin admin = Admin.create(kafka.properties(Map.of()))) {
            TopicProvisioner topicsLikeIngest = TopicProvisioner.singleNode();
            topicsLikeIngest.ensure(admin, IngestTopics.withPrefix(prefix), prefix + "checkpoints");
            int partitions = topicsLikeIngest.recordPartitions();
            admin.createTopics(List.of(new NewTopic(prefix + IngestBenchChild.PLAIN, partitions, (short) 1),
                    new NewTopic(prefix + IngestBenchChild.PASS_THROUGH_IN, partitions, (short) 1),
                    new NewTopic(prefix + IngestBenchChild.PASS_THROUGH_OUT, partitions, (short) 1))).all().get();
            LOG.info("benchmark {} records: plain produce and consume", size);
            Map<String, Double> plain = runChild(IngestBenchChild.PLAIN, prefix, size, dir);
            LOG.info("benchmark {} records: exactly-once Kafka Streams pass-through", size);
            Map<String, Double> passThrough = runChild(IngestBenchChild.PASS_THROUGH, prefix, size, dir);
            LOG.info("benchmark {} records: ingest service and snapshot", size);
            Map<String, Double> pipeline = runChild(IngestBenchChild.PIPELINE, prefix, size, dir);
            deleteTopics(admin, prefix);
            return new Measurement(size, pipeline, plain, passThrough);
        } catch (ExecutionException e) {
            throw new IOException("cannot create or delete the benchmark topics " + prefix + "*", e.getCause());
        } finally {
            deleteState(dir);
        }
    }

    private Map<String, Double> runChild(String mode, String prefix, long size, Path dir)
            throws IOException, InterruptedException {
        Properties props = new Properties();
        props.setProperty(IngestBenchChild.MODE, mode);
        props.setProperty(IngestBenchChild.TOPIC_PREFIX, prefix);
        props.setProperty(IngestBenchChild.RECORDS, Long.toString(size));
        props.setProperty(IngestBenchChild.SEED, Long.toString(settings.seed()));
        props.setProperty(IngestBenchChild.WORK_DIR, dir.resolve(mode).toAbsolutePath().toString());
        props.setProperty(IngestBenchChild.CLIENT_PREFIX + "bootstrap.servers", kafka.bootstrapServers());
        kafka.clientProperties().forEach((k, v) -> props.setProperty(IngestBenchChild.CLIENT_PREFIX + k, v));
        Path settingsFile = dir.resolve(mode + ".properties");
        try (Writer out = Files.newBufferedWriter(settingsFile, StandardCharsets.UTF_8)) {
            props.store(out, "benchmark child settings");
        }
        Path log = workDir.resolve("n" + size + "-" + mode + ".log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + settings.childHeap(), "-cp", System.getProperty("java.class.path"),
                IngestBenchChild.class.getName(), settingsFile.toAbsolutePath().toString())
                .redirectError(ProcessBuilder.Redirect.to(log.toFile())).start();
        Map<String, Double> results = new TreeMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(IngestBenchChild.OUTPUT_PREFIX) && line.contains("=")) {
                    String entry = line.substring(IngestBenchChild.OUTPUT_PREFIX.length());
                    results.put(entry.substring(0, entry.indexOf('=')),
                            Double.parseDouble(entry.substring(entry.indexOf('=') + 1)));
                }
            }
        } finally {
            if (!child.waitFor(CHILD_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
                child.destroyForcibly().waitFor();
            }
        }
        if (child.exitValue() != 0) {
            LOG.warn("benchmark child {} at {} records failed with exit code {} (heap -Xmx{}); see {}", mode, size,
                    child.exitValue(), settings.childHeap(), log);
            return Map.of();
        }
        return results;
    }

    private static void deleteTopics(Admin admin, String prefix) throws ExecutionException, InterruptedException {
        Set<String> names = admin.listTopics().names().get();
        List<String> ours = names.stream().filter(name -> name.startsWith(prefix)).toList();
        admin.deleteTopics(ours).all().get();
    }

    private static void deleteState(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private List<BenchRow> rows(Map<Long, Measurement> measured) {
        List<BenchRow> rows = new ArrayList<>();
        for (Measurement m : measured.values()) {
            rows.add(BenchRow.of(String.format("ingest, validate + dedup (EOS v2), %,d records", m.records()),
                    m.records() / m.pipeline(IngestBenchChild.INGEST_SECONDS), "records/s",
                    "plain produce + consume, same records", m.records() / m.plain(IngestBenchChild.PLAIN_SECONDS),
                    BenchRow.Target.atLeast(THROUGHPUT_TARGET)));
        }
        for (Measurement m : measured.values()) {
            double passThrough = m.records() / m.passThrough(IngestBenchChild.PASS_THROUGH_SECONDS);
            rows.add(BenchRow.of(String.format("exactly-once Kafka Streams pass-through (copy only), %,d records",
                    m.records()), passThrough, "records/s", "plain produce + consume, same records",
                    m.records() / m.plain(IngestBenchChild.PLAIN_SECONDS), null));
            rows.add(BenchRow.of(String.format("ingest, validate + dedup (EOS v2), %,d records", m.records()),
                    m.records() / m.pipeline(IngestBenchChild.INGEST_SECONDS), "records/s",
                    "exactly-once pass-through, same records", passThrough, null));
        }
        for (Measurement m : measured.values()) {
            double latency = m.pipeline(IngestBenchChild.INGEST_LATENCY_SECONDS) * MILLIS;
            double plainLatency = m.plain(IngestBenchChild.PLAIN_LATENCY_SECONDS) * MILLIS;
            rows.add(new BenchRow(String.format("ingest latency, one record on the idle pipeline, %,d-record run",
                    m.records()), latency, "ms", "plain produce + consume, one record", plainLatency,
                    latency / plainLatency, null));
        }
        for (Measurement m : measured.values()) {
            rows.add(snapshotRow("snapshot cut, whole (read topics, sort, write, fsync, announce)", m,
                    IngestBenchChild.SNAPSHOT_SECONDS));
            rows.add(snapshotRow("snapshot write phase (sort, encode, write, fsync)", m,
                    IngestBenchChild.SNAPSHOT_WRITE_SECONDS));
        }
        Measurement smallest = measured.values().iterator().next();
        for (Measurement m : measured.values()) {
            if (m != smallest) {
                rows.add(costRow("ingest cost per record", m, smallest,
                        x -> x.pipeline(IngestBenchChild.INGEST_SECONDS), x -> x.records()));
                rows.add(costRow("ingest cost per record less one idle latency", m, smallest,
                        x -> x.pipeline(IngestBenchChild.INGEST_SECONDS)
                                - x.pipeline(IngestBenchChild.INGEST_LATENCY_SECONDS), x -> x.records()));
            }
        }
        for (Measurement m : measured.values()) {
            if (m != smallest) {
                rows.add(costRow("snapshot cost per row, whole cut", m, smallest,
                        x -> x.pipeline(IngestBenchChild.SNAPSHOT_SECONDS),
                        x -> x.pipeline(IngestBenchChild.SNAPSHOT_RECORDS)));
                rows.add(costRow("snapshot cost per row, write phase", m, smallest,
                        x -> x.pipeline(IngestBenchChild.SNAPSHOT_WRITE_SECONDS),
                        x -> x.pipeline(IngestBenchChild.SNAPSHOT_RECORDS)));
            }
        }
        Measurement largest = new ArrayList<>(measured.values()).get(measured.size() - 1);
        rows.add(BenchRow.of(String.format("peak heap after GC, ingest service, %,d records (-Xmx%s)",
                largest.records(), settings.childHeap()), largest.pipeline(IngestBenchChild.HEAP_AFTER_GC) / MIB,
                "MiB", "heap target", HEAP_TARGET_BYTES / MIB, BenchRow.Target.atMost(1.0)));
        return rows;
    }

    private static BenchRow snapshotRow(String what, Measurement m, String secondsKey) {
        double bytes = m.pipeline(IngestBenchChild.SNAPSHOT_BYTES);
        return BenchRow.of(String.format("%s, %,d records", what, m.records()),
                bytes / MB / m.pipeline(secondsKey), "MB/s",
                "plain file write + fsync, same bytes", bytes / MB / m.pipeline(IngestBenchChild.FILE_SECONDS),
                BenchRow.Target.atLeast(THROUGHPUT_TARGET));
    }

    private static BenchRow costRow(String what, Measurement m, Measurement smallest,
            ToDoubleFunction<Measurement> seconds, ToDoubleFunction<Measurement> count) {
        return BenchRow.of(String.format("%s, %,d records", what, m.records()),
                seconds.applyAsDouble(m) * MICROS / count.applyAsDouble(m), "us",
                String.format("the same, %,d records", smallest.records()),
                seconds.applyAsDouble(smallest) * MICROS / count.applyAsDouble(smallest),
                BenchRow.Target.within(FLATNESS));
    }
}

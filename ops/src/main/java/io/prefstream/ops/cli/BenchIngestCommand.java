package io.prefstream.ops.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import io.prefstream.ops.bench.BenchRow;
import io.prefstream.ops.bench.BenchTable;
import io.prefstream.ops.bench.IngestBench;
import io.prefstream.ops.bench.SyntheticJudgments;
import io.prefstream.ops.broker.Cluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code prefstream bench ingest}: ingest and snapshot figures beside plain Kafka and plain file I/O. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Measure records/s through validation and dedup (exactly-once) against plain produce + consume,"
                + " snapshot MB/s against a plain file write, cost per record at each size, and peak heap of the"
                + " ingest service. Works in DATA_DIR/bench, which it clears first; without --bootstrap-servers it"
                + " starts an embedded broker there.")
final class BenchIngestCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Spec
    CommandSpec spec;

    @Option(names = "--sizes", split = ",", defaultValue = "10000,100000,1000000", paramLabel = "N[,N...]",
            converter = OptionRanges.PositiveLong.class,
            description = "Record counts to measure, each a multiple of " + SyntheticJudgments.BLOCK
                    + " (default: ${DEFAULT-VALUE}).")
    List<Long> sizes;

    @Option(names = "--seed", defaultValue = "1",
            description = "Seed of the synthetic records (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--child-heap", defaultValue = "512m",
            description = "-Xmx of the JVM each measurement runs in (default: ${DEFAULT-VALUE}, the heap target).")
    String childHeap;

    @Override
    public Integer call() throws Exception {
        List<BenchRow> rows = measure();
        System.out.printf("ingest benchmark, %s, %d cores, sizes %s, seed %d, child heap -Xmx%s%n", LocalDate.now(),
                Runtime.getRuntime().availableProcessors(), sizes, seed, childHeap);
        System.out.print(BenchTable.format(rows));
        return ExitCodes.OK;
    }

    /** Runs the measurements and returns one row per figure. */
    List<BenchRow> measure() throws java.io.IOException, InterruptedException {
        IngestBench.Settings settings;
        try {
            settings = new IngestBench.Settings(sizes, seed, childHeap);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--sizes': " + e.getMessage(),
                    e);
        }
        Path work = kafka.dataDir.resolve("bench");
        clear(work);
        try (Cluster cluster = kafka.bootstrapServers == null ? Cluster.embedded(work, Map.of())
                : Cluster.external(kafka.existingCluster())) {
            return new IngestBench(cluster.settings(), work.resolve("runs"), settings).run();
        }
    }

    private static void clear(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
    }
}

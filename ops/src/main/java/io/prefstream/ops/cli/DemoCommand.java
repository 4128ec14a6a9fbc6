package io.prefstream.ops.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import io.prefstream.ingest.app.IngestService;
import io.prefstream.ops.metrics.MetricsEndpoint;
import io.prefstream.ops.metrics.MetricsOptions;
import io.prefstream.ops.metrics.ServiceTags;
import io.prefstream.ops.demo.DemoOptions;
import io.prefstream.ops.demo.DemoPipeline;
import io.prefstream.ops.demo.DemoReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code prefstream demo}: the main job on the bundled data, end to end. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole pipeline once: broker, import, validate + dedup, snapshot, SPAC rounds,"
                + " then print a reconciled summary. Works in DATA_DIR/demo, which it clears first.")
final class DemoCommand implements Callable<Integer> {

    static final Path BUNDLED = Path.of("data", "hh-rlhf-harmless-base-test.jsonl.gz");

    @Mixin
    KafkaOptions kafka;

    @Mixin
    SnapshotOptions snapshotOptions;

    @Mixin
    TrainerOptions trainer;

    @Mixin
    MetricsOptions metrics;

    @Mixin
    InputOptions inputOptions;

    @Option(names = "--input", paramLabel = "FILE",
            description = "Input file (default: the bundled HH-RLHF file, ${DEFAULT-VALUE}).")
    Path input = BUNDLED;

    @Option(names = "--ingest-timeout-seconds", defaultValue = "600", converter = OptionRanges.PositiveLong.class,
            description = "How long ingest may take to judge every record (default: ${DEFAULT-VALUE}).")
    long ingestTimeoutSeconds;

    @Override
    public Integer call() throws Exception {
        InputFile.requireReadable(input, "input file",
                input.equals(BUNDLED) ? "; run the demo from the project's root directory or pass --input" : "");
        DemoOptions options = new DemoOptions(input, kafka.dataDir.resolve("demo"), kafka.bootstrapServers,
                IngestService.DEFAULT_APPLICATION_ID + "-demo", snapshotOptions.evalFraction,
                snapshotOptions.conflictPolicy, trainer.config(), Duration.ofSeconds(ingestTimeoutSeconds),
                inputOptions.parserConfig(), inputOptions.idCollision());
        DemoReport report;
        try (MetricsEndpoint endpoint = metrics.open(ServiceTags.DEMO)) {
            report = new DemoPipeline(options, endpoint.registry()).run();
        }
        report.print(System.out);
        return report.reconciled() ? ExitCodes.OK : ExitCodes.COUNTS_MISMATCH;
    }
}

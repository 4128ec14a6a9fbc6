package io.prefstream.ops.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.prefstream.ops.bench.BenchRow;
import io.prefstream.ops.bench.BenchTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code prefstream bench}: every benchmark, or one named, each figure printed beside an anchor
 * measured in the same run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run every benchmark (ingest, then trainer) with its defaults and print one table: each figure"
                + " beside an anchor measured in the same run, the ratio and its target. Figures are reported, never"
                + " asserted. Name one benchmark to run it alone with its own options.",
        subcommands = {BenchIngestCommand.class, BenchTrainerCommand.class})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", defaultValue = "prefstream-data", paramLabel = "DIR",
            converter = OptionRanges.DataDirectory.class,
            description = "Where the ingest benchmark works, in DIR/bench, which it clears first"
                    + " (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        List<BenchRow> rows = new ArrayList<>();
        rows.addAll(subcommand("ingest", BenchIngestCommand.class, "--data-dir", dataDir.toString()).measure());
        rows.addAll(subcommand("trainer", BenchTrainerCommand.class).measure());
        System.out.printf("prefstream benchmarks, %s, %d cores, %s %s, %s%n", LocalDate.now(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.version"));
        System.out.print(BenchTable.format(rows));
        return ExitCodes.OK;
    }

    /** Returns a subcommand with its defaults applied and the given arguments parsed. */
    private <T> T subcommand(String name, Class<T> type, String... args) {
        CommandLine line = spec.subcommands().get(name);
        line.parseArgs(args);
        return type.cast(line.getCommand());
    }
}

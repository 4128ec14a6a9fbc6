package io.prefstream.ops.cli;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;

import io.prefstream.ops.bench.BenchRow;
import io.prefstream.ops.bench.BenchTable;
import io.prefstream.trainer.bench.Figure;
import io.prefstream.trainer.bench.TrainerBenchmark;
import io.prefstream.trainer.model.ModelSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code prefstream bench trainer}: training and generation speed beside PyTorch eager and libtorch's own peak. */
@Command(name = "trainer", mixinStandardHelpOptions = true,
        description = "Measure training tokens/s against the same model and batch in PyTorch eager Python (skipped"
                + " with a message where no Python with torch is found; set PREFSTREAM_PYTHON to choose one), each"
                + " side's FLOP/s as a share of its own float32 matmul peak, the trainer's FLOP/s against libtorch's"
                + " matmul peak in the same process, native memory growth over the timed steps, and generation"
                + " tokens/s with the key/value cache against without it.")
final class BenchTrainerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = "base",
            description = "Model preset: tiny, small or base (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--batch", converter = OptionRanges.PositiveInt.class, defaultValue = "16",
            description = "Sequences per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--context", converter = OptionRanges.PositiveInt.class, defaultValue = "160",
            description = "Tokens per training sequence (default: ${DEFAULT-VALUE}).")
    int context;

    @Option(names = "--steps", converter = OptionRanges.PositiveInt.class, defaultValue = "10",
            description = "Timed training steps on each side, after 3 untimed ones (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--threads", converter = OptionRanges.NonNegativeInt.class, defaultValue = "0",
            description = "Intra-op threads on both sides, 0 for every core (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--new-tokens", converter = OptionRanges.PositiveInt.class, defaultValue = "256",
            description = "Tokens generated per prompt in the generation figure (default: ${DEFAULT-VALUE}).")
    int newTokens;

    @Option(names = "--python", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Run the PyTorch eager side when a Python with torch is found (default: on; --no-python skips it).")
    boolean python;

    @Override
    public Integer call() throws Exception {
        List<BenchRow> rows = measure();
        System.out.printf("trainer benchmark, %s, %d cores, model %s, batch %d x %d tokens, %d timed steps%n",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), preset, batch, context, steps);
        System.out.print(BenchTable.format(rows));
        return ExitCodes.OK;
    }

    /** Runs the measurements and returns one row per figure. */
    List<BenchRow> measure() throws java.io.IOException {
        try {
            ModelSpec.preset(preset, context);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--model: " + e.getMessage());
        }
        TrainerBenchmark.Settings defaults = TrainerBenchmark.Settings.defaults();
        TrainerBenchmark.Settings settings = new TrainerBenchmark.Settings(preset, batch, context, defaults.warmup(),
                steps, threads, defaults.matmulSize(), defaults.generationPrompts(),
                defaults.generationPromptLength(), newTokens, python);
        return new TrainerBenchmark(settings).run().stream().map(BenchTrainerCommand::row).toList();
    }

    private static BenchRow row(Figure figure) {
        // a figure whose anchor was not measured (PyTorch eager skipped) has no ratio to hold to its target
        boolean judged = !Double.isNaN(figure.target()) && !Double.isNaN(figure.anchorValue());
        BenchRow.Target target = judged ? BenchRow.Target.atLeast(figure.target()) : null;
        return BenchRow.of(figure.name(), figure.value(), figure.unit(), figure.anchor(), figure.anchorValue(), target);
    }
}

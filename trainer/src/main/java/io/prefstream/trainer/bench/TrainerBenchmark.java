package io.prefstream.trainer.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

import io.prefstream.trainer.model.LanguageModel;
import io.prefstream.trainer.model.ModelSpec;
import io.prefstream.trainer.model.TorchThreads;

/**
 * The trainer's speed figures, each measured side by side with its anchor in one run: training
 * tokens/s against PyTorch eager Python on the same architecture and batch, each side's FLOP/s as
 * a fraction of its own matmul peak, the trainer's FLOP/s against libtorch's matmul peak in the
 * same process, and generation with the key/value cache against without it.
 */
public final class TrainerBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerBenchmark.class);
    private static final long SEED = 7;
    private static final int MATMUL_REPEATS = 5;
    private static final double MIB = 1024.0 * 1024.0;

    private final Settings settings;

    /**
     * What to measure.
     *
     * @param preset model preset ({@link ModelSpec#preset})
     * @param batch sequences per training step
     * @param contextLength tokens per training sequence
     * @param warmup untimed training steps before the timed ones, on each side
     * @param steps timed training steps, on each side
     * @param threads intra-op threads for libtorch and for the Python side, 0 for all cores
     * @param matmulSize side of the square matrices of the peak measurement
     * @param generationPrompts contexts sampled together
     * @param generationPromptLength tokens per context
     * @param generationTokens new tokens per context
     * @param python whether to run the PyTorch eager side when a Python with torch is found
     */
    public record Settings(String preset, int batch, int contextLength, int warmup, int steps, int threads,
            int matmulSize, int generationPrompts, int generationPromptLength, int generationTokens,
            boolean python) {

        /** Returns the settings the published figures come from. */
        public static Settings defaults() {
            return new Settings(ModelSpec.BASE, 16, 160, 3, 10, 0, 1024, 8, 32, 256, true);
        }
    }

    /**
     * Creates the benchmark.
     *
     * @param settings what to measure
     */
    public TrainerBenchmark(Settings settings) {
        this.settings = settings;
    }

    /**
     * Runs every measurement and returns the figures in a fixed order.
     *
     * @throws IOException when the Python side was found but failed
     */
    public List<Figure> run() throws IOException {
        int threads = settings.threads() > 0 ? settings.threads() : Runtime.getRuntime().availableProcessors();
        int positions = Math.max(settings.contextLength(), settings.generationPromptLength() + settings.generationTokens());
        ModelSpec spec = ModelSpec.preset(settings.preset(), positions);
        List<Figure> figures = new ArrayList<>();

        int inForce = TorchThreads.set(threads);
        LOG.info("trainer benchmark: preset {}, batch {} x {} tokens, {} timed steps, {} threads", spec.preset(),
                settings.batch(), settings.contextLength(), settings.steps(), inForce);

        double peak;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), LanguageModel.ENGINE)) {
            peak = MatmulPeak.measure(manager, settings.matmulSize(), MATMUL_REPEATS);
        }
        TrainingThroughput.Result training;
        try (LanguageModel model = LanguageModel.create(spec, Device.cpu(), SEED)) {
            training = TrainingThroughput.measure(model, settings.batch(), settings.contextLength(),
                    settings.warmup(), settings.steps(), SEED);
        }
        double flopsPerToken = FlopCount.trainingFlopsPerToken(spec, settings.contextLength());
        double flops = training.tokensPerSecond() * flopsPerToken;
        LOG.info("trainer benchmark: {} training tokens/s, {} GFLOP/s, matmul peak {} GFLOP/s",
                Math.round(training.tokensPerSecond()), String.format("%.1f", flops / 1e9),
                String.format("%.1f", peak / 1e9));

        Optional<PythonReference> python = settings.python() ? PythonReference.find() : Optional.empty();
        if (python.isPresent()) {
            PythonReference.Result eager = python.get().run(spec, settings.batch(), settings.contextLength(),
                    settings.warmup(), settings.steps(), threads);
            LOG.info("trainer benchmark: PyTorch {} eager ({} threads): {} training tokens/s, matmul peak {} GFLOP/s",
                    eager.torchVersion(), eager.threads(), Math.round(eager.tokensPerSecond()),
                    String.format("%.1f", eager.matmulFlopsPerSecond() / 1e9));
            figures.add(new Figure("training tokens/s", training.tokensPerSecond(), "tokens/s",
                    "PyTorch " + eager.torchVersion() + " eager, same model and batch", eager.tokensPerSecond(), 1.0));
            double eagerShare = eager.tokensPerSecond() * flopsPerToken / eager.matmulFlopsPerSecond();
            figures.add(new Figure("training FLOP/s as a share of own matmul peak", flops / peak, "fraction",
                    "PyTorch eager, same share", eagerShare, 1.0));
        } else {
            String reason = settings.python() ? "no Python with torch found (set " + PythonReference.PYTHON_VARIABLE
                    + ")" : "disabled";
            LOG.warn("trainer benchmark: PyTorch eager comparison skipped: {}", reason);
            figures.add(new Figure("training tokens/s", training.tokensPerSecond(), "tokens/s",
                    "PyTorch eager: skipped, " + reason, Double.NaN, 1.0));
        }
        figures.add(new Figure("training GFLOP/s", flops / 1e9, "GFLOP/s", "libtorch float32 matmul peak, same process",
                peak / 1e9, 0.4));
        OptionalLong growth = training.residentGrowthBytes();
        if (growth.isPresent()) {
            figures.add(new Figure("resident memory growth over the last " + (settings.steps() - settings.steps() / 2)
                    + " training steps",
                    growth.getAsLong() / MIB, "MiB", "-", Double.NaN, Double.NaN));
        }

        try (LanguageModel model = LanguageModel.create(spec, Device.cpu(), SEED)) {
            GenerationThroughput.Result generation = GenerationThroughput.measure(model,
                    settings.generationPrompts(), settings.generationPromptLength(), settings.generationTokens(), SEED);
            LOG.info("trainer benchmark: generation of {} tokens: {} tokens/s with the cache, {} without",
                    settings.generationTokens(), Math.round(generation.cachedTokensPerSecond()),
                    Math.round(generation.uncachedTokensPerSecond()));
            figures.add(new Figure("generation tokens/s at " + settings.generationTokens() + " new tokens",
                    generation.cachedTokensPerSecond(), "tokens/s", "same sampler without the key/value cache",
                    generation.uncachedTokensPerSecond(), 5.0));
        }
        return figures;
    }
}

package io.prefstream.trainer.bench;

import java.util.OptionalLong;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import io.prefstream.trainer.loss.ResponseCrossEntropyLoss;
import io.prefstream.trainer.model.LanguageModel;

/**
 * Times optimiser steps of the trainer's model on random token batches of a fixed shape.
 *
 * <p>Each step is the one the warm start runs: forward pass, masked token cross-entropy,
 * backward pass, Adam with element-wise gradient clipping at 1, every array of the step in a
 * sub-manager closed at its end. The resident set size is read halfway through the timed steps and
 * after them, so native memory that is not freed per step shows as growth.
 */
public final class TrainingThroughput {

    private static final float LEARNING_RATE = 1e-4f;
    private static final float CLIP_GRADIENT = 1.0f;

    private TrainingThroughput() {
    }

    /**
     * The measurement.
     *
     * @param tokensPerSecond tokens (batch x context length) trained per second over the timed steps
     * @param secondsPerStep mean wall time of a timed step
     * @param residentGrowthBytes resident set size after the timed steps minus halfway through them, if known
     */
    public record Result(double tokensPerSecond, double secondsPerStep, OptionalLong residentGrowthBytes) {
    }

    /**
     * Trains the model in place and returns the rate.
     *
     * @param model a model whose context holds at least {@code contextLength} positions
     * @param batch sequences per step
     * @param contextLength tokens per sequence
     * @param warmup untimed steps first
     * @param steps timed steps
     * @param seed draws the token batch
     */
    public static Result measure(LanguageModel model, int batch, int contextLength, int warmup, int steps,
            long seed) {
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(LEARNING_RATE))
                .optClipGrad(CLIP_GRADIENT).build();
        DefaultTrainingConfig config = new DefaultTrainingConfig(new ResponseCrossEntropyLoss()).optOptimizer(adam);
        long[] inputs = randomTokens(batch * contextLength, model.spec().vocabSize(), new Random(seed));
        long[] targets = randomTokens(batch * contextLength, model.spec().vocabSize(), new Random(seed + 1));
        try (Trainer trainer = model.djlModel().newTrainer(config)) {
            trainer.initialize(new Shape(1, model.spec().maxPositions()));
            for (int i = 0; i < warmup; i++) {
                step(trainer, inputs, targets, batch, contextLength);
            }
            // the allocator settles during the first timed steps; growth is read over the second half
            OptionalLong before = OptionalLong.empty();
            long start = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                if (i == steps / 2) {
                    before = ResidentMemory.bytes();
                }
                step(trainer, inputs, targets, batch, contextLength);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            OptionalLong after = ResidentMemory.bytes();
            OptionalLong growth = before.isPresent() && after.isPresent()
                    ? OptionalLong.of(after.getAsLong() - before.getAsLong()) : OptionalLong.empty();
            return new Result((double) batch * contextLength * steps / seconds, seconds / steps, growth);
        }
    }

    private static void step(Trainer trainer, long[] inputs, long[] targets, int batch, int contextLength) {
        try (NDManager manager = trainer.getManager().newSubManager()) {
            Shape shape = new Shape(batch, contextLength);
            NDArray tokens = manager.create(inputs, shape);
            NDArray labels = manager.create(targets, shape);
            NDArray mask = manager.ones(shape);
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(tokens)).head();
                NDArray loss = trainer.getLoss().evaluate(new NDList(labels, mask), new NDList(logits));
                collector.backward(loss);
                loss.getFloat();
            }
            trainer.step();
        }
    }

    private static long[] randomTokens(int count, int vocab, Random random) {
        long[] tokens = new long[count];
        for (int i = 0; i < count; i++) {
            tokens[i] = random.nextInt(vocab);
        }
        return tokens;
    }
}

package io.prefstream.trainer.judge;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;

import io.prefstream.trainer.data.PreferenceExample;
import io.prefstream.trainer.data.TokenizedSequence;
import io.prefstream.trainer.loss.BradleyTerryLoss;
import io.prefstream.trainer.round.Adam;
import io.prefstream.trainer.round.Minibatches;
import io.prefstream.trainer.round.Seeds;

/**
 * Fits a reward model to preference pairs with the {@link BradleyTerryLoss}: minibatch Adam, a
 * fresh optimiser per call, batch order from the run seed's {@code judge-shuffle-<epoch>} streams.
 */
final class JudgeTrainer {

    private final int epochs;
    private final double learningRate;
    private final int batchSize;
    private final long seed;

    /**
     * Creates a trainer.
     *
     * @param epochs passes over the pairs
     * @param learningRate Adam learning rate
     * @param batchSize pairs per step
     * @param seed the run seed
     */
    JudgeTrainer(int epochs, double learningRate, int batchSize, long seed) {
        this.epochs = epochs;
        this.learningRate = learningRate;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    /**
     * What a fit did.
     *
     * @param steps optimiser steps
     * @param firstEpochLoss mean loss over the first epoch
     * @param lastEpochLoss mean loss over the last epoch
     */
    record Fit(int steps, double firstEpochLoss, double lastEpochLoss) {
    }

    /** Trains the model in place on the pairs. */
    Fit train(RewardModel model, List<PreferenceExample> pairs) {
        DefaultTrainingConfig training = new DefaultTrainingConfig(new BradleyTerryLoss())
                .optOptimizer(Adam.withLearningRate(learningRate));
        int perEpoch = Minibatches.count(pairs.size(), batchSize);
        double first = Double.NaN;
        double last = Double.NaN;
        int steps = 0;
        try (Trainer trainer = model.djlModel().newTrainer(training)) {
            trainer.initialize(new Shape(1, model.spec().maxPositions()));
            for (int epoch = 0; epoch < epochs; epoch++) {
                Random random = Seeds.stream(seed, 0, "judge-shuffle-" + epoch);
                double sum = 0;
                for (List<Integer> rows : Minibatches.shuffled(pairs.size(), batchSize, random)) {
                    sum += step(trainer, pairs, rows);
                    steps++;
                }
                last = sum / perEpoch;
                first = epoch == 0 ? last : first;
            }
        }
        return new Fit(steps, first, last);
    }

    /** Runs one optimiser step on the given pairs and returns the loss. */
    private static double step(Trainer trainer, List<PreferenceExample> pairs, List<Integer> rows) {
        List<TokenizedSequence> sequences = new ArrayList<>(rows.size() * 2);
        rows.forEach(r -> sequences.add(pairs.get(r).chosen()));
        rows.forEach(r -> sequences.add(pairs.get(r).rejected()));
        // the batch's arrays, activations included, are freed when its manager closes
        try (NDManager manager = trainer.getManager().newSubManager()) {
            RewardBatch batch = RewardBatch.of(manager, sequences);
            double value;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray rewards = batch.read(trainer.forward(new NDList(batch.tokens())).head());
                NDArray loss = trainer.getLoss().evaluate(new NDList(), rewards.split(2));
                collector.backward(loss);
                value = loss.getFloat();
            }
            trainer.step();
            return value;
        }
    }
}

package io.prefstream.trainer.round;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;

import io.prefstream.trainer.app.StepListener;
import io.prefstream.trainer.app.TrainerConfig;
import io.prefstream.trainer.data.TokenizedSequence;
import io.prefstream.trainer.loss.SpacLoss;
import io.prefstream.trainer.model.LanguageModel;
import io.prefstream.trainer.model.SequenceBatch;
import io.prefstream.trainer.model.SequenceLogProbs;

/**
 * Runs the minibatch Adam steps of one round on a {@link RoundTable} under the {@link SpacLoss}.
 *
 * <p>Each step scores chosen, rejected and self-play sequences of the batch in one forward pass;
 * the reference scores come from the table and carry no gradient. Every call builds a fresh Adam,
 * so no optimiser state outlives the round.
 */
final class PreferenceFitter {

    private static final Logger LOG = LoggerFactory.getLogger(PreferenceFitter.class);

    private final TrainerConfig config;
    private final StepListener listener;

    PreferenceFitter(TrainerConfig config, StepListener listener) {
        this.config = config;
        this.listener = listener;
    }

    /** Trains the policy in place for {@code epochsPerRound} epochs. */
    FitResult fit(LanguageModel policy, RoundTable table, int round, String runId) {
        SpacLoss loss = new SpacLoss((float) config.beta(), (float) config.btWeight(), (float) config.lambda(),
                config.pessimismForm(), config.dataResponses());
        RoundTable.Scores reference = table.lossReference(config.reference());
        int perEpoch = Minibatches.count(table.size(), config.batchSize());
        int[] lengths = rowLengths(table);
        ProgressLog progress = new ProgressLog(LOG, "round " + round, runId, (long) perEpoch * config.epochsPerRound());
        DefaultTrainingConfig training = new DefaultTrainingConfig(loss)
                .optOptimizer(Adam.withLearningRate(config.learningRate()));
        double first = Double.NaN;
        double last = Double.NaN;
        int steps = 0;
        int skipped = 0;
        int counted = 0;
        int batches = 0;
        try (Trainer trainer = policy.djlModel().newTrainer(training)) {
            trainer.initialize(new Shape(1, policy.maxPositions()));
            for (int epoch = 0; epoch < config.epochsPerRound(); epoch++) {
                Random random = Seeds.stream(config.seed(), round, "shuffle-" + epoch);
                double sum = 0;
                for (List<Integer> rows : Minibatches.bucketed(lengths, config.batchSize(), random)) {
                    long start = System.nanoTime();
                    StepLoss value = step(trainer, loss, table, reference, rows);
                    long nanos = System.nanoTime() - start;
                    steps++;
                    batches++;
                    if (Double.isFinite(value.total())) {
                        sum += value.total();
                        counted++;
                    } else {
                        skipped++;
                        LOG.warn("snapshot {} round {}: step {} skipped, its loss is not finite (Bradley-Terry {},"
                                + " pessimism {}); no update made", runId, round, steps, value.bradleyTerry(),
                                value.pessimism());
                    }
                    progress.step(steps, value.total());
                    listener.onStep(new TrainingStep(round, steps, tokens(table, rows), nanos, config.learningRate(),
                            value.total(), value.bradleyTerry(), value.pessimism()));
                }
                // the mean over the epoch's batches, of those with a finite loss when some had none
                last = counted == batches ? sum / perEpoch : counted == 0 ? Double.NaN : sum / counted;
                first = epoch == 0 ? last : first;
                counted = 0;
                batches = 0;
            }
        }
        if (steps > 0 && skipped == steps) {
            throw new IllegalStateException(String.format("snapshot %s round %d: the loss of every one of its %d"
                    + " steps was not finite, so nothing was learned; lower learning_rate or beta", runId, round,
                    steps));
        }
        if (skipped > 0) {
            LOG.warn("snapshot {} round {}: {} of {} steps skipped for a loss that was not finite", runId, round,
                    skipped, steps);
        }
        return new FitResult(steps, first, last);
    }

    /** Runs one optimiser step on the given rows and returns the loss and its terms. */
    private static StepLoss step(Trainer trainer, SpacLoss loss, RoundTable table, RoundTable.Scores reference,
            List<Integer> rows) {
        List<TokenizedSequence> sequences = new ArrayList<>(rows.size() * 3);
        rows.forEach(r -> sequences.add(table.chosen().get(r)));
        rows.forEach(r -> sequences.add(table.rejected().get(r)));
        if (table.hasSelfPlay()) {
            rows.forEach(r -> sequences.add(table.selfPlay().get(r)));
        }
        // the batch's arrays, activations included, are freed when its manager closes
        try (NDManager manager = trainer.getManager().newSubManager()) {
            SequenceBatch batch = SequenceBatch.of(manager, sequences);
            NDList labels = new NDList(
                    manager.create(pick(reference.chosen(), rows)),
                    manager.create(pick(reference.rejected(), rows)),
                    table.hasSelfPlay() ? manager.create(pick(reference.selfPlay(), rows))
                            : manager.zeros(new Shape(rows.size())));
            StepLoss value;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(batch.inputs())).head();
                NDArray logProbs = SequenceLogProbs.sum(logits, batch.targets(), batch.mask());
                NDList parts = logProbs.split(table.hasSelfPlay() ? 3 : 2);
                if (!table.hasSelfPlay()) {
                    parts.add(manager.zeros(new Shape(rows.size())));
                }
                NDList terms = loss.terms(labels, parts);
                value = new StepLoss(terms.get(0).getFloat(), terms.get(1).getFloat(), terms.get(2).getFloat());
                if (!Double.isFinite(value.total())) {
                    // No gradient is taken of a loss that is not finite: one such update would turn every
                    // weight into NaN and every later step with it.
                    return value;
                }
                collector.backward(terms.get(0));
            }
            trainer.step();
            return value;
        }
    }

    /** Returns each row's longest sequence, the length its sequences are padded to within a batch. */
    private static int[] rowLengths(RoundTable table) {
        int[] lengths = new int[table.size()];
        for (int r = 0; r < lengths.length; r++) {
            int longest = Math.max(table.chosen().get(r).length(), table.rejected().get(r).length());
            lengths[r] = table.hasSelfPlay() ? Math.max(longest, table.selfPlay().get(r).length()) : longest;
        }
        return lengths;
    }

    /** Returns the ids the rows' sequences hold, padding excluded. */
    private static long tokens(RoundTable table, List<Integer> rows) {
        long tokens = 0;
        for (int r : rows) {
            tokens += table.chosen().get(r).length() + table.rejected().get(r).length();
            if (table.hasSelfPlay()) {
                tokens += table.selfPlay().get(r).length();
            }
        }
        return tokens;
    }

    private static float[] pick(double[] values, List<Integer> rows) {
        float[] picked = new float[rows.size()];
        for (int i = 0; i < picked.length; i++) {
            picked[i] = (float) values[rows.get(i)];
        }
        return picked;
    }

    /** A step's loss and its weighted terms, see {@link SpacLoss#terms}. */
    private record StepLoss(double total, double bradleyTerry, double pessimism) {
    }
}

package io.prefstream.trainer.round;

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
import io.prefstream.trainer.data.PreferenceExample;
import io.prefstream.trainer.data.TokenizedSequence;
import io.prefstream.trainer.loss.ResponseCrossEntropyLoss;
import io.prefstream.trainer.model.LanguageModel;
import io.prefstream.trainer.model.SequenceBatch;

/**
 * Round 0: supervised fine-tuning on the chosen responses of the train split, giving {@code pi_0 = pi_ref}.
 *
 * <p>Starts a fresh Adam whose state is dropped when the stage ends, so a checkpoint holds no
 * optimiser state. Its randomness (batch order, engine seed) comes from {@link Seeds} for round 0.
 */
public final class SftWarmStart {

    private static final Logger LOG = LoggerFactory.getLogger(SftWarmStart.class);

    private final TrainerConfig config;
    private final StepListener listener;

    /**
     * Creates the stage.
     *
     * @param config supplies {@code sftEpochs}, {@code sftLearningRate}, {@code batchSize} and {@code seed}
     */
    public SftWarmStart(TrainerConfig config) {
        this(config, StepListener.NONE);
    }

    /**
     * Creates the stage.
     *
     * @param config supplies {@code sftEpochs}, {@code sftLearningRate}, {@code batchSize} and {@code seed}
     * @param listener told of each optimiser step (default {@link StepListener#NONE})
     */
    public SftWarmStart(TrainerConfig config, StepListener listener) {
        this.config = config;
        this.listener = listener;
    }

    /**
     * Trains the policy in place.
     *
     * @param policy the model to train
     * @param examples the train split; their chosen sequences are the targets
     * @param runId the snapshot id, for logging
     */
    public SftResult train(LanguageModel policy, List<PreferenceExample> examples, String runId) {
        List<TokenizedSequence> sequences = examples.stream().map(PreferenceExample::chosen).toList();
        int[] lengths = sequences.stream().mapToInt(TokenizedSequence::length).toArray();
        int perEpoch = Minibatches.count(sequences.size(), config.batchSize());
        ProgressLog progress = new ProgressLog(LOG, "sft", runId, (long) perEpoch * config.sftEpochs());
        DefaultTrainingConfig training = new DefaultTrainingConfig(new ResponseCrossEntropyLoss())
                .optOptimizer(Adam.withLearningRate(config.sftLearningRate()));
        double first = Double.NaN;
        double last = Double.NaN;
        int steps = 0;
        double padding = 0;
        Seeds.seedEngine(config.seed(), 0);
        try (Trainer trainer = policy.djlModel().newTrainer(training)) {
            trainer.initialize(new Shape(1, policy.maxPositions()));
            for (int epoch = 0; epoch < config.sftEpochs(); epoch++) {
                Random random = Seeds.stream(config.seed(), 0, "sft-shuffle-" + epoch);
                double sum = 0;
                List<List<Integer>> batches = Minibatches.bucketed(lengths, config.batchSize(), random);
                padding = Minibatches.paddingShare(batches, lengths);
                for (List<Integer> batch : batches) {
                    long start = System.nanoTime();
                    List<TokenizedSequence> stepSequences = batch.stream().map(sequences::get).toList();
                    double loss = step(trainer, stepSequences);
                    long nanos = System.nanoTime() - start;
                    sum += loss;
                    progress.step(++steps, loss);
                    long tokens = stepSequences.stream().mapToLong(TokenizedSequence::length).sum();
                    listener.onStep(new TrainingStep(0, steps, tokens, nanos, config.sftLearningRate(), loss,
                            Double.NaN, Double.NaN));
                }
                last = sum / perEpoch;
                first = epoch == 0 ? last : first;
            }
        }
        LOG.info("snapshot {} sft: {} sequences, {} epochs, {} steps, loss {} -> {}, padding {}%", runId,
                sequences.size(), config.sftEpochs(), steps, String.format("%.4f", first), String.format("%.4f", last),
                String.format("%.1f", padding * 100));
        return new SftResult(steps, first, last, sequences.size());
    }

    /** Runs one optimiser step on a batch and returns its loss. */
    private static double step(Trainer trainer, List<TokenizedSequence> sequences) {
        // the batch's arrays, activations included, are freed when its manager closes
        try (NDManager manager = trainer.getManager().newSubManager()) {
            SequenceBatch batch = SequenceBatch.of(manager, sequences);
            double loss;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(batch.inputs())).head();
                NDArray value = trainer.getLoss().evaluate(new NDList(batch.targets(), batch.mask()),
                        new NDList(logits));
                collector.backward(value);
                loss = value.getFloat();
            }
            trainer.step();
            return loss;
        }
    }
}

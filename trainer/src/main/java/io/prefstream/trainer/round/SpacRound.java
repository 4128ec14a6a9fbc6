package io.prefstream.trainer.round;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prefstream.trainer.app.StepListener;
import io.prefstream.trainer.app.TrainerConfig;
import io.prefstream.trainer.app.TrainingStage;
import io.prefstream.trainer.data.ByteTokenizer;
import io.prefstream.trainer.data.PreferenceExample;
import io.prefstream.trainer.data.SequenceEncoder;
import io.prefstream.trainer.data.TextTokenizer;
import io.prefstream.trainer.data.TokenizedSequence;
import io.prefstream.trainer.model.GeneratedResponse;
import io.prefstream.trainer.model.LanguageModel;
import io.prefstream.trainer.model.ResponseSampler;
import io.prefstream.trainer.model.SequenceScorer;
import io.prefstream.trainer.model.TokenPicker;

/**
 * One SPAC round {@code t}: pick the round's prompts, sample self-play responses from
 * {@code pi_t}, score every sequence once under {@code pi_t} and {@code pi_ref}, then fit.
 *
 * <p>A round's result depends only on {@code pi_t}, {@code pi_ref}, the train split and the
 * config: every random draw (prompt subset, self-play tokens, batch order, the engine seed) comes
 * from {@link Seeds} for (seed, round), and each round starts a fresh Adam whose moments are
 * dropped when the round ends. No optimiser state carries from one round to the next, so none is
 * checkpointed, and a run resumed from {@code pi_t}'s checkpoint repeats the round exactly.
 */
public final class SpacRound {

    private static final Logger LOG = LoggerFactory.getLogger(SpacRound.class);
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final TrainerConfig config;
    private final SequenceEncoder selfPlayEncoder;
    private final SequenceScorer scorer;
    private final ResponseSampler sampler;
    private final StepListener listener;

    /**
     * Creates the round runner for the byte tokenizer.
     *
     * @param config the run's config
     */
    public SpacRound(TrainerConfig config) {
        this(config, StepListener.NONE);
    }

    /**
     * Creates the round runner for the byte tokenizer.
     *
     * @param config the run's config
     * @param listener told of the self-play sampling, each optimiser step and a sampling failure
     *     (default {@link StepListener#NONE})
     */
    public SpacRound(TrainerConfig config, StepListener listener) {
        this(config, listener, ByteTokenizer.INSTANCE);
    }

    /**
     * Creates the round runner.
     *
     * @param config the run's config
     * @param listener told of the self-play sampling, each optimiser step and a sampling failure
     *     (default {@link StepListener#NONE})
     * @param tokenizer the run's tokenizer, whose special ids frame the self-play sequences
     */
    public SpacRound(TrainerConfig config, StepListener listener, TextTokenizer tokenizer) {
        this.config = config;
        this.listener = listener;
        this.selfPlayEncoder = new SequenceEncoder(config.maxSequenceLength(), config.maxResponseTokens(), tokenizer);
        this.scorer = new SequenceScorer(config.scoringBatchSize());
        this.sampler = new ResponseSampler(new TokenPicker(config.temperature(), config.topP()),
                config.maxNewTokens(), config.scoringBatchSize());
    }

    /**
     * Trains the policy in place for one round.
     *
     * @param round the round number, from 1
     * @param policy {@code pi_t} on entry, {@code pi_t+1} on return
     * @param reference {@code pi_ref}, never trained
     * @param startIsReference whether {@code pi_t} still equals {@code pi_ref}, which saves scoring twice
     * @param train the train split
     * @param runId the snapshot id, for logging
     */
    public RoundOutcome run(int round, LanguageModel policy, LanguageModel reference, boolean startIsReference,
            List<PreferenceExample> train, String runId) {
        if (policy.vocabSize() != selfPlayEncoder.tokenizer().vocabSize()) {
            throw new IllegalArgumentException("policy vocabulary of " + policy.vocabSize()
                    + " ids does not match the tokenizer's " + selfPlayEncoder.tokenizer().vocabSize());
        }
        Seeds.seedEngine(config.seed(), round);
        List<PreferenceExample> pairs = select(train, round);
        List<PreferenceExample> rows = new ArrayList<>();
        List<TokenizedSequence> selfPlay = List.of();
        long start = System.nanoTime();
        if (config.needsSelfPlay()) {
            pairs.forEach(p -> rows.addAll(Collections.nCopies(config.samplesPerPrompt(), p)));
            selfPlay = sample(policy, rows, round);
            LOG.info("snapshot {} round {}: sampled {} self-play responses for {} prompts in {} ms", runId, round,
                    selfPlay.size(), pairs.size(), (System.nanoTime() - start) / NANOS_PER_MILLI);
        } else {
            rows.addAll(pairs);
        }
        start = System.nanoTime();
        RoundTable table = score(policy, reference, startIsReference, rows, selfPlay);
        LOG.debug("snapshot {} round {}: scored {} rows under pi_t{} in {} ms", runId, round, table.size(),
                startIsReference ? " (= pi_ref)" : " and pi_ref", (System.nanoTime() - start) / NANOS_PER_MILLI);
        FitResult fit = new PreferenceFitter(config, listener).fit(policy, table, round, runId);

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(RoundReport.TRAIN_LOSS_METRIC, fit.lastEpochLoss());
        metrics.put(RoundReport.TRAIN_STEPS_METRIC, (double) fit.steps());
        metrics.put(RoundReport.TRAIN_EXAMPLES_METRIC, (double) table.size());
        if (table.hasSelfPlay()) {
            metrics.put(RoundReport.SELFPLAY_LENGTH_METRIC,
                    selfPlay.stream().mapToInt(s -> s.responseIds().length).average().orElse(0));
        }
        return new RoundOutcome(fit.steps(), fit.lastEpochLoss(), metrics);
    }

    /** Returns the round's pairs: all of them, or a seeded random subset of {@code promptsPerRound}. */
    private List<PreferenceExample> select(List<PreferenceExample> train, int round) {
        if (config.promptsPerRound() == 0 || config.promptsPerRound() >= train.size()) {
            return train;
        }
        List<PreferenceExample> shuffled = new ArrayList<>(train);
        Collections.shuffle(shuffled, Seeds.stream(config.seed(), round, "prompts"));
        return shuffled.subList(0, config.promptsPerRound());
    }

    private List<TokenizedSequence> sample(LanguageModel policy, List<PreferenceExample> rows, int round) {
        List<int[]> contexts = rows.stream()
                .map(r -> selfPlayEncoder.context(r.promptIds(), config.maxNewTokens()))
                .toList();
        long start = System.nanoTime();
        List<GeneratedResponse> responses;
        try {
            responses = sampler.sample(policy, contexts, Seeds.stream(config.seed(), round, "selfplay"));
        } catch (RuntimeException e) {
            // reported here, where the stage is known; the run's handlers pass the failure on unchanged
            listener.onFailure(TrainingStage.SAMPLING);
            throw e;
        }
        long tokens = responses.stream().mapToLong(r -> r.ids().length + (r.complete() ? 1 : 0)).sum();
        listener.onSelfPlay(new SelfPlayPass(round, responses.size(), tokens, System.nanoTime() - start));
        List<TokenizedSequence> sequences = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            GeneratedResponse response = responses.get(i);
            sequences.add(selfPlayEncoder.encode(rows.get(i).promptIds(), response.ids(), response.complete()));
        }
        return sequences;
    }

    /** Scores every sequence of the round once, under pi_t and pi_ref, with no gradient. */
    private RoundTable score(LanguageModel policy, LanguageModel reference, boolean startIsReference,
            List<PreferenceExample> rows, List<TokenizedSequence> selfPlay) {
        List<TokenizedSequence> chosen = rows.stream().map(PreferenceExample::chosen).toList();
        List<TokenizedSequence> rejected = rows.stream().map(PreferenceExample::rejected).toList();
        List<TokenizedSequence> all = new ArrayList<>(chosen);
        all.addAll(rejected);
        all.addAll(selfPlay);
        RoundTable.Scores start = split(scorer.score(policy, all), rows.size(), !selfPlay.isEmpty());
        RoundTable.Scores ref = startIsReference ? start
                : split(scorer.score(reference, all), rows.size(), !selfPlay.isEmpty());
        return new RoundTable(chosen, rejected, selfPlay, start, ref);
    }

    private static RoundTable.Scores split(double[] scores, int rows, boolean withSelfPlay) {
        return new RoundTable.Scores(Arrays.copyOfRange(scores, 0, rows), Arrays.copyOfRange(scores, rows, 2 * rows),
                withSelfPlay ? Arrays.copyOfRange(scores, 2 * rows, 3 * rows) : new double[0]);
    }
}

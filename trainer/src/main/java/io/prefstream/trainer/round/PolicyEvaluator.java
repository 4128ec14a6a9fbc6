package io.prefstream.trainer.round;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.prefstream.trainer.app.TrainerConfig;
import io.prefstream.trainer.data.PreferenceExample;
import io.prefstream.trainer.data.SequenceEncoder;
import io.prefstream.trainer.data.TextTokenizer;
import io.prefstream.trainer.data.TokenizedSequence;
import io.prefstream.trainer.judge.Judge;
import io.prefstream.trainer.model.GeneratedResponse;
import io.prefstream.trainer.model.LanguageModel;
import io.prefstream.trainer.model.ResponseSampler;
import io.prefstream.trainer.model.SequenceScorer;
import io.prefstream.trainer.model.TokenPicker;

/**
 * Evaluates a policy on the eval split against {@code pi_ref}.
 *
 * <p>Implicit reward {@code r(x, y) = beta * (log pi(y|x) - log pi_ref(y|x))}. Metrics: reward
 * accuracy (share of pairs with {@code r(y+) > r(y-)}, ties counting half, so an untrained
 * policy scores 0.5), mean margin {@code r(y+) - r(y-)}, log-probability accuracy, and on
 * responses sampled from the policy for the first {@code evalSamplePrompts} eval prompts, their
 * mean length and the KL estimate {@code mean(log pi(y') - log pi_ref(y'))}.
 *
 * <p>With a {@link Judge}, the same prompts are also answered by {@code pi_ref}, and the judged
 * win-rate is the share of prompts where the judge scores the policy's response above the
 * reference's, ties counting half. Both responses to a prompt are drawn from the same seeded
 * stream (common random numbers), so a policy equal to {@code pi_ref} draws the same responses and
 * scores exactly 0.5, and any other difference comes from the policies rather than the draw. The
 * judge's own held-out accuracy is reported next to it. The first {@code sampleGenerations} policy
 * responses are returned, decoded, for people to read.
 *
 * <p>The reference scores of the eval pairs are computed on first use and kept, so every call
 * must pass the same {@code pi_ref}.
 */
public final class PolicyEvaluator {

    private static final String EVAL_STREAM = "eval";

    private final TrainerConfig config;
    private final List<PreferenceExample> eval;
    private final TextTokenizer tokenizer;
    private final Judge judge;
    private final SequenceEncoder encoder;
    private final SequenceScorer scorer;
    private final ResponseSampler sampler;
    private double[] referencePairScores;

    /**
     * Creates an evaluator.
     *
     * @param config supplies beta, sampling settings, the eval sample cap, the sample count and the seed
     * @param eval the eval split
     * @param tokenizer the run's tokenizer, to decode sample generations
     * @param judge the snapshot's judge, or null to report no judged win-rate; not closed here
     */
    public PolicyEvaluator(TrainerConfig config, List<PreferenceExample> eval, TextTokenizer tokenizer, Judge judge) {
        this.config = config;
        this.eval = eval;
        this.tokenizer = tokenizer;
        this.judge = judge;
        this.encoder = new SequenceEncoder(config.maxSequenceLength(), config.maxResponseTokens(), tokenizer);
        this.scorer = new SequenceScorer(config.scoringBatchSize());
        this.sampler = new ResponseSampler(new TokenPicker(config.temperature(), config.topP()),
                config.maxNewTokens(), config.scoringBatchSize());
    }

    /**
     * Returns the eval metrics and sample generations of a policy.
     *
     * @param policy the policy after the round
     * @param reference {@code pi_ref}; in round 0 the policy itself
     * @param round the round, which seeds the eval samples
     */
    public Evaluation evaluate(LanguageModel policy, LanguageModel reference, int round) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(RoundReport.EVAL_PAIRS_METRIC, (double) eval.size());
        if (eval.isEmpty()) {
            return new Evaluation(metrics, List.of());
        }
        List<TokenizedSequence> pairs = new ArrayList<>(eval.stream().map(PreferenceExample::chosen).toList());
        pairs.addAll(eval.stream().map(PreferenceExample::rejected).toList());
        if (referencePairScores == null) {
            referencePairScores = scorer.score(reference, pairs);
        }
        double[] policyScores = scorer.score(policy, pairs);
        int n = eval.size();
        double accuracy = 0;
        double margin = 0;
        double logProbAccuracy = 0;
        for (int i = 0; i < n; i++) {
            double chosen = config.beta() * (policyScores[i] - referencePairScores[i]);
            double rejected = config.beta() * (policyScores[n + i] - referencePairScores[n + i]);
            accuracy += chosen > rejected ? 1 : chosen == rejected ? 0.5 : 0;
            margin += chosen - rejected;
            logProbAccuracy += policyScores[i] > policyScores[n + i] ? 1 : 0;
        }
        metrics.put(RoundReport.EVAL_REWARD_ACCURACY_METRIC, accuracy / n);
        metrics.put(RoundReport.EVAL_MARGIN_METRIC, margin / n);
        metrics.put(RoundReport.EVAL_LOGPROB_ACCURACY_METRIC, logProbAccuracy / n);
        if (judge != null) {
            metrics.put(RoundReport.JUDGE_EVAL_ACCURACY_METRIC, judge.evalAccuracy());
        }
        List<SampleGeneration> samples = List.of();
        if (config.evalSamplePrompts() > 0) {
            samples = putSampleMetrics(metrics, policy, reference, round);
        }
        return new Evaluation(metrics, samples);
    }

    /**
     * Samples from the policy on the first eval prompts; adds mean length, the KL estimate and the
     * judged win-rate, and returns the first sample generations.
     */
    private List<SampleGeneration> putSampleMetrics(Map<String, Double> metrics, LanguageModel policy,
            LanguageModel reference, int round) {
        List<PreferenceExample> prompts = eval.subList(0, Math.min(eval.size(), config.evalSamplePrompts()));
        List<GeneratedResponse> responses = sample(policy, prompts, round);
        List<TokenizedSequence> samples = encode(prompts, responses);
        double[] policyScores = scorer.score(policy, samples);
        double[] referenceScores = policy == reference ? policyScores : scorer.score(reference, samples);
        double kl = 0;
        for (int i = 0; i < samples.size(); i++) {
            kl += policyScores[i] - referenceScores[i];
        }
        metrics.put(RoundReport.EVAL_KL_METRIC, kl / samples.size());
        metrics.put(RoundReport.SAMPLE_LENGTH_METRIC,
                responses.stream().mapToInt(r -> r.ids().length).average().orElse(0));
        if (judge != null) {
            // pi_ref answers from the same stream as the policy: the same policy gives the same responses
            List<TokenizedSequence> referenceSamples = policy == reference ? samples
                    : encode(prompts, sample(reference, prompts, round));
            metrics.put(RoundReport.EVAL_JUDGE_WIN_RATE_METRIC, judge.winRate(samples, referenceSamples));
        }
        List<SampleGeneration> generations = new ArrayList<>();
        for (int i = 0; i < Math.min(config.sampleGenerations(), prompts.size()); i++) {
            generations.add(SampleGeneration.of(tokenizer.decode(prompts.get(i).promptIds()),
                    tokenizer.decode(responses.get(i).ids()), responses.get(i).complete()));
        }
        return generations;
    }

    /** Samples one response per prompt from the model, with the round's eval stream started afresh. */
    private List<GeneratedResponse> sample(LanguageModel model, List<PreferenceExample> prompts, int round) {
        List<int[]> contexts = prompts.stream()
                .map(p -> encoder.context(p.promptIds(), config.maxNewTokens()))
                .toList();
        Random random = Seeds.stream(config.seed(), round, EVAL_STREAM);
        return sampler.sample(model, contexts, random);
    }

    private List<TokenizedSequence> encode(List<PreferenceExample> prompts, List<GeneratedResponse> responses) {
        List<TokenizedSequence> sequences = new ArrayList<>(prompts.size());
        for (int i = 0; i < prompts.size(); i++) {
            sequences.add(encoder.encode(prompts.get(i).promptIds(), responses.get(i).ids(),
                    responses.get(i).complete()));
        }
        return sequences;
    }
}

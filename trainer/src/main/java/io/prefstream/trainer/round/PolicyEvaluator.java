package io.prefstream.trainer.round;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.prefstream.trainer.app.TrainerConfig;
import io.prefstream.trainer.data.PreferenceExample;
import io.prefstream.trainer.data.SequenceEncoder;
import io.prefstream.trainer.data.TokenizedSequence;
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
 * <p>The reference scores of the eval pairs are computed on first use and kept, so every call
 * must pass the same {@code pi_ref}.
 */
public final class PolicyEvaluator {

    private final TrainerConfig config;
    private final List<PreferenceExample> eval;
    private final SequenceEncoder encoder;
    private final SequenceScorer scorer;
    private final ResponseSampler sampler;
    private double[] referencePairScores;

    /**
     * Creates an evaluator.
     *
     * @param config supplies beta, sampling settings, the eval sample cap and the seed
     * @param eval the eval split
     */
    public PolicyEvaluator(TrainerConfig config, List<PreferenceExample> eval) {
        this.config = config;
        this.eval = eval;
        this.encoder = new SequenceEncoder(config.maxSequenceLength(), config.maxResponseTokens());
        this.scorer = new SequenceScorer(config.scoringBatchSize());
        this.sampler = new ResponseSampler(new TokenPicker(config.temperature(), config.topP()),
                config.maxNewTokens(), config.scoringBatchSize());
    }

    /**
     * Returns the eval metrics of a policy.
     *
     * @param policy the policy after the round
     * @param reference {@code pi_ref}; in round 0 the policy itself
     * @param round the round, which seeds the eval samples
     */
    public Map<String, Double> evaluate(LanguageModel policy, LanguageModel reference, int round) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(RoundReport.EVAL_PAIRS_METRIC, (double) eval.size());
        if (eval.isEmpty()) {
            return metrics;
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
        if (config.evalSamplePrompts() > 0) {
            putSampleMetrics(metrics, policy, reference, round);
        }
        return metrics;
    }

    /** Samples from the policy on the first eval prompts; adds mean length and the KL estimate. */
    private void putSampleMetrics(Map<String, Double> metrics, LanguageModel policy, LanguageModel reference,
            int round) {
        List<PreferenceExample> prompts = eval.subList(0, Math.min(eval.size(), config.evalSamplePrompts()));
        List<int[]> contexts = prompts.stream()
                .map(p -> encoder.context(p.promptIds(), config.maxNewTokens()))
                .toList();
        List<GeneratedResponse> responses = sampler.sample(policy, contexts,
                Seeds.stream(config.seed(), round, "eval"));
        List<TokenizedSequence> samples = new ArrayList<>(prompts.size());
        for (int i = 0; i < prompts.size(); i++) {
            samples.add(encoder.encode(prompts.get(i).promptIds(), responses.get(i).ids(),
                    responses.get(i).complete()));
        }
        double[] policyScores = scorer.score(policy, samples);
        double[] referenceScores = policy == reference ? policyScores : scorer.score(reference, samples);
        double kl = 0;
        for (int i = 0; i < samples.size(); i++) {
            kl += policyScores[i] - referenceScores[i];
        }
        metrics.put(RoundReport.EVAL_KL_METRIC, kl / samples.size());
        metrics.put(RoundReport.SAMPLE_LENGTH_METRIC,
                responses.stream().mapToInt(r -> r.ids().length).average().orElse(0));
    }
}

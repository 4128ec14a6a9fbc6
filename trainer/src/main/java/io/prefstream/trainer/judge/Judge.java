package io.prefstream.trainer.judge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.prefstream.trainer.data.PreferenceExample;
import io.prefstream.trainer.data.TokenizedSequence;

/**
 * A trained reward model used to compare two policies' responses, with its held-out accuracy.
 *
 * <p>The judge is trained once per snapshot on the train split, so it shares the biases of that
 * data; its accuracy on the eval split says how far its verdicts can be trusted. Owns the reward
 * model: the caller closes the judge.
 */
public final class Judge implements AutoCloseable {

    private final RewardModel model;
    private final int batchSize;
    private final double evalAccuracy;

    /**
     * Wraps a trained reward model.
     *
     * @param model the reward model; closed with the judge
     * @param batchSize sequences per forward pass when scoring
     * @param evalAccuracy the model's accuracy on the eval pairs
     */
    public Judge(RewardModel model, int batchSize, double evalAccuracy) {
        this.model = model;
        this.batchSize = batchSize;
        this.evalAccuracy = evalAccuracy;
    }

    /** Returns the fraction of eval pairs the judge ranks chosen above rejected, ties counting half. */
    public double evalAccuracy() {
        return evalAccuracy;
    }

    /** Returns the judge's reward for each sequence, in input order. */
    public double[] score(List<TokenizedSequence> sequences) {
        return model.score(sequences, batchSize);
    }

    /**
     * Returns the share of rows where the judge scores the policy's response above the reference's,
     * ties counting half: 0.5 when both responses are the same.
     *
     * @param policy one response per prompt from the policy
     * @param reference one response per prompt from the reference, in the same prompt order
     */
    public double winRate(List<TokenizedSequence> policy, List<TokenizedSequence> reference) {
        if (policy.size() != reference.size()) {
            throw new IllegalArgumentException("win rate needs one reference response per policy response, got "
                    + policy.size() + " and " + reference.size());
        }
        List<TokenizedSequence> all = new ArrayList<>(policy);
        all.addAll(reference);
        double[] rewards = score(all);
        // the same response is a tie by definition; its two scores can differ in the last bits
        // because rows of one batch may take different paths through the matrix kernels
        for (int i = 0; i < policy.size(); i++) {
            if (Arrays.equals(policy.get(i).tokens(), reference.get(i).tokens())) {
                rewards[policy.size() + i] = rewards[i];
            }
        }
        return preferenceRate(rewards, 0, policy.size(), policy.size());
    }

    /** Returns the reward model's accuracy on pairs: chosen above rejected, ties counting half. */
    static double accuracy(RewardModel model, List<PreferenceExample> pairs, int batchSize) {
        if (pairs.isEmpty()) {
            return Double.NaN;
        }
        List<TokenizedSequence> all = new ArrayList<>(pairs.stream().map(PreferenceExample::chosen).toList());
        all.addAll(pairs.stream().map(PreferenceExample::rejected).toList());
        return preferenceRate(model.score(all, batchSize), 0, pairs.size(), pairs.size());
    }

    /**
     * Returns the share of {@code i < count} with {@code values[first + i] > values[second + i]}, ties
     * counting half.
     */
    static double preferenceRate(double[] values, int first, int second, int count) {
        double wins = 0;
        for (int i = 0; i < count; i++) {
            double a = values[first + i];
            double b = values[second + i];
            wins += a > b ? 1 : a == b ? 0.5 : 0;
        }
        return wins / count;
    }

    @Override
    public void close() {
        model.close();
    }
}

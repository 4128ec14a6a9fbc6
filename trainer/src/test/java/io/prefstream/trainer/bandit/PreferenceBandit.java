package io.prefstream.trainer.bandit;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A contextual bandit whose preference data cover only some actions, built from one seed.
 *
 * <p>Each of {@link #CONTEXTS} prompts has {@link #ACTIONS} actions described by three features:
 * quality, novelty and a noise feature. Actions {@code 0..COVERED-1} are the ones people were
 * shown: quality uniform in [-1, 1], novelty 0. Action {@link #TRAP} is an uncovered action that
 * looks better than anything covered to a model that learned "quality is good" (quality in
 * [1.5, 2]) but is novel; action {@link #ODD} is a plain uncovered novel action (quality in
 * [-1, 0]). The true reward is {@code quality - NOVELTY_PENALTY * novelty}, so the trap's reward
 * is below every covered action's. No pair in the data varies novelty, so the data say nothing
 * about it: that is what "not covered" means here.
 *
 * <p>The reference policy is a softmax of a fixed base logit that puts less mass on uncovered
 * actions, and preference labels are drawn from a Bradley-Terry model on the true reward.
 */
final class PreferenceBandit {

    static final int CONTEXTS = 12;
    static final int ACTIONS = 6;
    static final int COVERED = 4;
    static final int TRAP = 4;
    static final int ODD = 5;
    static final int FEATURES = 3;
    static final int PAIRS_PER_CONTEXT = 4;

    private static final double NOVELTY_PENALTY = 3;
    private static final double TRAP_QUALITY_LOW = 1.5;
    private static final double TRAP_QUALITY_HIGH = 2.0;
    private static final double NOISE_STD = 0.3;
    private static final double UNCOVERED_BASE_LOGIT = -1;
    private static final double BASE_LOGIT_STD = 0.2;
    /** Labels follow P(a preferred to b) = sigmoid(LABEL_SHARPNESS * (r(a) - r(b))). */
    private static final double LABEL_SHARPNESS = 2;

    /** One preference judgment: in context {@code context}, {@code chosen} was preferred to {@code rejected}. */
    record Pair(int context, int chosen, int rejected) {
    }

    private final double[][][] features;
    private final double[][] trueReward;
    private final double[][] baseLogits;
    private final List<Pair> data;

    private PreferenceBandit(double[][][] features, double[][] trueReward, double[][] baseLogits, List<Pair> data) {
        this.features = features;
        this.trueReward = trueReward;
        this.baseLogits = baseLogits;
        this.data = List.copyOf(data);
    }

    /** Draws features, base logits and the preference data from the seed. */
    static PreferenceBandit generate(long seed) {
        Random random = new Random(seed);
        double[][][] phi = new double[CONTEXTS][ACTIONS][FEATURES];
        double[][] reward = new double[CONTEXTS][ACTIONS];
        double[][] base = new double[CONTEXTS][ACTIONS];
        for (int x = 0; x < CONTEXTS; x++) {
            for (int a = 0; a < ACTIONS; a++) {
                double quality = a < COVERED ? uniform(random, -1, 1)
                        : a == TRAP ? uniform(random, TRAP_QUALITY_LOW, TRAP_QUALITY_HIGH) : uniform(random, -1, 0);
                double novelty = a < COVERED ? 0 : 1;
                phi[x][a] = new double[] {quality, novelty, NOISE_STD * random.nextGaussian()};
                reward[x][a] = quality - NOVELTY_PENALTY * novelty;
                base[x][a] = (a < COVERED ? 0 : UNCOVERED_BASE_LOGIT) + BASE_LOGIT_STD * random.nextGaussian();
            }
        }
        List<Pair> pairs = new ArrayList<>();
        for (int x = 0; x < CONTEXTS; x++) {
            for (int i = 0; i < PAIRS_PER_CONTEXT; i++) {
                int a = random.nextInt(COVERED);
                int b = (a + 1 + random.nextInt(COVERED - 1)) % COVERED;
                boolean aWins = random.nextDouble() < RowObjective.sigmoid(LABEL_SHARPNESS
                        * (reward[x][a] - reward[x][b]));
                pairs.add(aWins ? new Pair(x, a, b) : new Pair(x, b, a));
            }
        }
        return new PreferenceBandit(phi, reward, base, pairs);
    }

    List<Pair> data() {
        return data;
    }

    double[] features(int context, int action) {
        return features[context][action];
    }

    /** Returns {@code log pi(a|x)} for every context and action, with logits {@code base + theta . phi}. */
    double[][] logPolicy(double[] theta) {
        double[][] logPi = new double[CONTEXTS][ACTIONS];
        for (int x = 0; x < CONTEXTS; x++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < ACTIONS; a++) {
                logPi[x][a] = baseLogits[x][a] + dot(theta, features[x][a]);
                max = Math.max(max, logPi[x][a]);
            }
            double sum = 0;
            for (int a = 0; a < ACTIONS; a++) {
                sum += Math.exp(logPi[x][a] - max);
            }
            double logNormaliser = max + Math.log(sum);
            for (int a = 0; a < ACTIONS; a++) {
                logPi[x][a] -= logNormaliser;
            }
        }
        return logPi;
    }

    /** Returns the policy's expected true reward, averaged over contexts. */
    double trueValue(double[] theta) {
        double[][] logPi = logPolicy(theta);
        double value = 0;
        for (int x = 0; x < CONTEXTS; x++) {
            for (int a = 0; a < ACTIONS; a++) {
                value += Math.exp(logPi[x][a]) * trueReward[x][a];
            }
        }
        return value / CONTEXTS;
    }

    /** Returns the policy's mass on actions the data never show, averaged over contexts. */
    double uncoveredMass(double[] theta) {
        double[][] logPi = logPolicy(theta);
        double mass = 0;
        for (int x = 0; x < CONTEXTS; x++) {
            for (int a = COVERED; a < ACTIONS; a++) {
                mass += Math.exp(logPi[x][a]);
            }
        }
        return mass / CONTEXTS;
    }

    /** Returns the true value of the best covered action, averaged over contexts: what the data can teach. */
    double bestCoveredValue() {
        double value = 0;
        for (int x = 0; x < CONTEXTS; x++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < COVERED; a++) {
                best = Math.max(best, trueReward[x][a]);
            }
            value += best;
        }
        return value / CONTEXTS;
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double uniform(Random random, double low, double high) {
        return low + (high - low) * random.nextDouble();
    }
}

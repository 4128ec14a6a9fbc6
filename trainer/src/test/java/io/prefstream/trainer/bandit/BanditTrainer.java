package io.prefstream.trainer.bandit;

import java.util.ArrayList;
import java.util.List;

import io.prefstream.trainer.loss.ReferencePolicy;

/**
 * Trains the policy {@code pi(a|x) = softmax(base + theta . phi(x, a))} of a {@link PreferenceBandit}
 * for several rounds under a {@link RowObjective}, with the self-play expectation taken exactly.
 *
 * <p>Round {@code t} mirrors {@code SpacRound}: freeze {@code pi_t}, take the implicit reward
 * against {@code pi_t} or {@code pi_ref} as the objective's reference policy says, and fit. The
 * loss is the mean over the data's pairs of
 * <pre>
 *   btWeight * B(f(x, y+), f(x, y-)) + lambda * sum over a' of pi_t(a'|x) * P(f(x, y+), f(x, y-), f(x, a'))
 * </pre>
 * which is the expectation of {@code SpacLoss}'s row loss over a self-play action drawn from
 * {@code pi_t}. The fit is plain full-batch gradient descent on {@code theta}.
 */
final class BanditTrainer {

    /** Gradient-descent steps per round. */
    static final int STEPS_PER_ROUND = 40;

    /**
     * Step size in reward units: {@code theta} moves by {@code STEP / beta^2} times its gradient,
     * so the reward {@code beta * theta} moves at the same speed whatever beta is.
     */
    static final double STEP = 0.05;

    private final PreferenceBandit bandit;
    private final RowObjective objective;
    private final ReferencePolicy reference;

    BanditTrainer(PreferenceBandit bandit, RowObjective objective, ReferencePolicy reference) {
        this.bandit = bandit;
        this.objective = objective;
        this.reference = reference;
    }

    /** Trains from {@code theta = 0}, where {@code pi = pi_ref}; returns {@code theta} after each round. */
    List<double[]> train(int rounds) {
        double[] theta = new double[PreferenceBandit.FEATURES];
        double[][] logPiRef = bandit.logPolicy(theta);
        List<double[]> afterRound = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            double[][] logPiT = bandit.logPolicy(theta);
            double[][] selfPlay = exp(logPiT);
            double[][] logRef = reference == ReferencePolicy.PI_T ? logPiT : logPiRef;
            double rate = STEP / (objective.beta() * objective.beta());
            for (int step = 0; step < STEPS_PER_ROUND; step++) {
                double[] gradient = gradient(theta, logRef, selfPlay);
                for (int i = 0; i < theta.length; i++) {
                    theta[i] -= rate * gradient[i];
                }
            }
            afterRound.add(theta.clone());
        }
        return afterRound;
    }

    /** Returns d loss / d theta through {@code d f(x, a) / d theta = beta * (phi(x, a) - E_pi[phi(x, .)])}. */
    double[] gradient(double[] theta, double[][] logRef, double[][] selfPlay) {
        double[][] logPi = bandit.logPolicy(theta);
        double[][] dLossDf = rewardGradient(rewards(logPi, logRef), selfPlay);
        double[] gradient = new double[theta.length];
        for (int x = 0; x < PreferenceBandit.CONTEXTS; x++) {
            double[] mean = new double[theta.length];
            for (int a = 0; a < PreferenceBandit.ACTIONS; a++) {
                axpy(Math.exp(logPi[x][a]), bandit.features(x, a), mean);
            }
            for (int a = 0; a < PreferenceBandit.ACTIONS; a++) {
                double[] phi = bandit.features(x, a);
                for (int i = 0; i < theta.length; i++) {
                    gradient[i] += objective.beta() * dLossDf[x][a] * (phi[i] - mean[i]);
                }
            }
        }
        return gradient;
    }

    /** Returns the round objective at {@code theta}: the mean over pairs described in the class comment. */
    double loss(double[] theta, double[][] logRef, double[][] selfPlay) {
        double[][] f = rewards(bandit.logPolicy(theta), logRef);
        double sum = 0;
        for (PreferenceBandit.Pair pair : bandit.data()) {
            double[] fx = f[pair.context()];
            sum += objective.btWeight() * RowObjective.bradleyTerry(fx[pair.chosen()], fx[pair.rejected()]).value();
            for (int self = 0; self < PreferenceBandit.ACTIONS && objective.lambda() != 0; self++) {
                sum += objective.lambda() * selfPlay[pair.context()][self]
                        * objective.pessimism(fx[pair.chosen()], fx[pair.rejected()], fx[self]).value();
            }
        }
        return sum / bandit.data().size();
    }

    /** Returns d loss / d f(x, a) for every context and action. */
    double[][] rewardGradient(double[][] f, double[][] selfPlay) {
        double[][] g = new double[PreferenceBandit.CONTEXTS][PreferenceBandit.ACTIONS];
        double perPair = 1.0 / bandit.data().size();
        for (PreferenceBandit.Pair pair : bandit.data()) {
            double[] fx = f[pair.context()];
            double[] gx = g[pair.context()];
            RowObjective.Term bt = RowObjective.bradleyTerry(fx[pair.chosen()], fx[pair.rejected()]);
            gx[pair.chosen()] += objective.btWeight() * perPair * bt.chosen();
            gx[pair.rejected()] += objective.btWeight() * perPair * bt.rejected();
            if (objective.lambda() == 0) {
                continue;
            }
            for (int self = 0; self < PreferenceBandit.ACTIONS; self++) {
                RowObjective.Term p = objective.pessimism(fx[pair.chosen()], fx[pair.rejected()], fx[self]);
                double weight = objective.lambda() * perPair * selfPlay[pair.context()][self];
                gx[pair.chosen()] += weight * p.chosen();
                gx[pair.rejected()] += weight * p.rejected();
                gx[self] += weight * p.self();
            }
        }
        return g;
    }

    private double[][] rewards(double[][] logPi, double[][] logRef) {
        double[][] f = new double[logPi.length][];
        for (int x = 0; x < logPi.length; x++) {
            f[x] = new double[logPi[x].length];
            for (int a = 0; a < logPi[x].length; a++) {
                f[x][a] = objective.beta() * (logPi[x][a] - logRef[x][a]);
            }
        }
        return f;
    }

    private static double[][] exp(double[][] logs) {
        double[][] values = new double[logs.length][];
        for (int x = 0; x < logs.length; x++) {
            values[x] = new double[logs[x].length];
            for (int a = 0; a < logs[x].length; a++) {
                values[x][a] = Math.exp(logs[x][a]);
            }
        }
        return values;
    }

    private static void axpy(double scale, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += scale * x[i];
        }
    }
}

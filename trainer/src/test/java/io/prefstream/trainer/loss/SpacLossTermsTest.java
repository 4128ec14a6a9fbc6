package io.prefstream.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * The loss split into its weighted terms, on two examples worked out by hand in float64.
 *
 * <p>beta = 0.5; policy log-probs (chosen, rejected, self) per example: (-10, -12, -13) and
 * (-8, -9, -8); reference: (-11, -11, -10) and (-8, -8, -8). Rewards: example 1 f+ = 0.5,
 * f- = -0.5, f' = -1.5; example 2 f+ = 0, f- = -0.5, f' = 0. With sp(z) = log(1 + e^z):
 * BT = sp(-(f+ - f-)): sp(-1) = 0.31326168751822286 and sp(-0.5) = 0.47407698418010663, mean
 * 0.39366933584916475. LOGSIGMOID_DIFF p = sp(f' - f) against chosen and rejected, halved:
 * example 1 (sp(-2) + sp(-1)) / 2 = 0.2200948492805977, example 2 (sp(0) + sp(0.5)) / 2 =
 * 0.8336120823700259, mean 0.5268534658253118.
 */
class SpacLossTermsTest {

    private static final double TOLERANCE = 1e-9;
    private static final float BETA = 0.5f;
    private static final double BT_MEAN = 0.39366933584916475;
    private static final double PESSIMISM_MEAN = 0.5268534658253118;

    private NDManager manager;

    @BeforeEach
    void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    private double[] terms(float btWeight, float lambda) {
        NDList policy = new NDList(manager.create(new double[] {-10, -8}), manager.create(new double[] {-12, -9}),
                manager.create(new double[] {-13, -8}));
        NDList reference = new NDList(manager.create(new double[] {-11, -8}), manager.create(new double[] {-11, -8}),
                manager.create(new double[] {-10, -8}));
        NDList terms = new SpacLoss(BETA, btWeight, lambda, PessimismForm.LOGSIGMOID_DIFF,
                DataResponses.CHOSEN_AND_REJECTED).terms(reference, policy);
        return new double[] {terms.get(0).getDouble(), terms.get(1).getDouble(), terms.get(2).getDouble()};
    }

    @Test
    void shouldSplitLossIntoWeightedTermsThatAddUpToIt() {
        double[] terms = terms(2, 0.5f);

        assertThat(terms[1]).isCloseTo(2 * BT_MEAN, within(TOLERANCE));
        assertThat(terms[2]).isCloseTo(0.5 * PESSIMISM_MEAN, within(TOLERANCE));
        assertThat(terms[0]).isCloseTo(2 * BT_MEAN + 0.5 * PESSIMISM_MEAN, within(TOLERANCE));
    }

    @Test
    void shouldGiveZeroForTermWithZeroWeight() {
        double[] dpo = terms(1, 0);
        double[] spin = terms(0, 1);

        assertThat(dpo[2]).isZero();
        assertThat(dpo[0]).isCloseTo(BT_MEAN, within(TOLERANCE));
        assertThat(spin[1]).isZero();
        assertThat(spin[0]).isCloseTo(PESSIMISM_MEAN, within(TOLERANCE));
    }

    @Test
    void shouldEvaluateToTheFirstTerm() {
        NDList policy = new NDList(manager.create(new double[] {-10, -8}), manager.create(new double[] {-12, -9}),
                manager.create(new double[] {-13, -8}));
        NDList reference = new NDList(manager.create(new double[] {-11, -8}), manager.create(new double[] {-11, -8}),
                manager.create(new double[] {-10, -8}));
        SpacLoss loss = new SpacLoss(BETA, 1, 1, PessimismForm.LOGSIGMOID_DIFF, DataResponses.CHOSEN_AND_REJECTED);

        assertThat(loss.evaluate(reference, policy).getDouble())
                .isEqualTo(loss.terms(reference, policy).get(0).getDouble());
    }
}

package io.prefstream.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * Hand-worked values of the SPAC loss on one example, computed in float64.
 *
 * <p>With beta = 0.5, policy log-probs (chosen, rejected, self) = (-10, -12, -13) and reference
 * log-probs (-11, -11, -10): f+ = 0.5, f- = -0.5, f' = -1.5. Writing sp(z) = log(1 + e^z):
 * BT = -log sigmoid(f+ - f-) = sp(-1) = 0.31326168751822286;
 * -log sigmoid(f+ - f') = sp(-2) = 0.1269280110429725;
 * -log sigmoid(f- - f') = sp(-1) = 0.31326168751822286;
 * -log sigmoid(-f') = sp(-1.5) = 0.2014132779827524.
 */
class SpacLossTest {

    private static final double TOLERANCE = 1e-9;
    private static final float BETA = 0.5f;
    private static final double BT = 0.31326168751822286;
    private static final double DIFF_CHOSEN = 0.1269280110429725;
    private static final double DIFF_REJECTED = 0.31326168751822286;
    private static final double SELF = 0.2014132779827524;

    private NDManager manager;

    @BeforeEach
    void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    private double loss(float btWeight, float lambda, PessimismForm form, DataResponses data) {
        NDList policy = new NDList(manager.create(new double[] {-10}), manager.create(new double[] {-12}),
                manager.create(new double[] {-13}));
        NDList reference = new NDList(manager.create(new double[] {-11}), manager.create(new double[] {-11}),
                manager.create(new double[] {-10}));
        return new SpacLoss(BETA, btWeight, lambda, form, data).evaluate(reference, policy).getDouble();
    }

    @Test
    void shouldGiveBradleyTerryTermForDpoPreset() {
        assertThat(loss(1, 0, PessimismForm.LOGSIGMOID_DIFF, DataResponses.CHOSEN)).isCloseTo(BT, within(TOLERANCE));
    }

    @Test
    void shouldGiveChosenVersusSelfPlayTermForSpinPreset() {
        assertThat(loss(0, 1, PessimismForm.LOGSIGMOID_DIFF, DataResponses.CHOSEN))
                .isCloseTo(DIFF_CHOSEN, within(TOLERANCE));
    }

    @Test
    void shouldAverageChosenAndRejectedTermsForSpacPreset() {
        // 0.31326168751822286 + (0.1269280110429725 + 0.31326168751822286) / 2 = 0.5333565367988206
        assertThat(loss(1, 1, PessimismForm.LOGSIGMOID_DIFF, DataResponses.CHOSEN_AND_REJECTED))
                .isCloseTo(0.5333565367988206, within(TOLERANCE));
        assertThat(0.5333565367988206).isCloseTo(BT + (DIFF_CHOSEN + DIFF_REJECTED) / 2, within(TOLERANCE));
    }

    @Test
    void shouldSubtractChosenRewardForLinearForm() {
        // P = f' - f+ = -1.5 - 0.5 = -2
        assertThat(loss(1, 1, PessimismForm.LINEAR, DataResponses.CHOSEN))
                .isCloseTo(BT - 2.0, within(TOLERANCE));
    }

    @Test
    void shouldSubtractMeanDataRewardForLinearFormWithBothResponses() {
        // P = f' - (f+ + f-) / 2 = -1.5 - 0 = -1.5
        assertThat(loss(1, 1, PessimismForm.LINEAR, DataResponses.CHOSEN_AND_REJECTED))
                .isCloseTo(BT - 1.5, within(TOLERANCE));
    }

    @Test
    void shouldPenaliseOnlySelfPlayRewardForLogsigmoidSelfForm() {
        // P = -log sigmoid(-f') = sp(f') = sp(-1.5); the same whichever data responses are chosen
        assertThat(loss(1, 1, PessimismForm.LOGSIGMOID_SELF, DataResponses.CHOSEN))
                .isCloseTo(BT + SELF, within(TOLERANCE));
        assertThat(loss(1, 1, PessimismForm.LOGSIGMOID_SELF, DataResponses.CHOSEN_AND_REJECTED))
                .isCloseTo(BT + SELF, within(TOLERANCE));
    }

    @Test
    void shouldScaleTermsByTheirWeights() {
        // 2 * BT + 0.25 * sp(-2)
        assertThat(loss(2, 0.25f, PessimismForm.LOGSIGMOID_DIFF, DataResponses.CHOSEN))
                .isCloseTo(2 * BT + 0.25 * DIFF_CHOSEN, within(TOLERANCE));
    }

    @Test
    void shouldAverageOverTheBatch() {
        // example 1 as above (DPO: sp(-1)); example 2 with all rewards 0: sp(0) = log 2
        NDList policy = new NDList(manager.create(new double[] {-10, -5}), manager.create(new double[] {-12, -7}),
                manager.create(new double[] {-13, -1}));
        NDList reference = new NDList(manager.create(new double[] {-11, -5}), manager.create(new double[] {-11, -7}),
                manager.create(new double[] {-10, -1}));
        double value = new SpacLoss(BETA, 1, 0, PessimismForm.LOGSIGMOID_DIFF, DataResponses.CHOSEN)
                .evaluate(reference, policy).getDouble();
        assertThat(value).isCloseTo((BT + Math.log(2)) / 2, within(TOLERANCE));
    }

    @Test
    void shouldStayFiniteForLargeMargins() {
        NDList policy = new NDList(manager.create(new float[] {0}), manager.create(new float[] {-5000}),
                manager.create(new float[] {-5000}));
        NDList reference = new NDList(manager.create(new float[] {0}), manager.create(new float[] {0}),
                manager.create(new float[] {0}));
        float value = new SpacLoss(1, 1, 1, PessimismForm.LOGSIGMOID_DIFF, DataResponses.CHOSEN)
                .evaluate(reference, policy).getFloat();
        assertThat(value).isCloseTo(0f, within(1e-6f));
    }
}

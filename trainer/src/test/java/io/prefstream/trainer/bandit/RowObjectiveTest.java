package io.prefstream.trainer.bandit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

import io.prefstream.trainer.app.TrainerConfig;
import io.prefstream.trainer.loss.DataResponses;
import io.prefstream.trainer.loss.PessimismForm;
import io.prefstream.trainer.loss.ReferencePolicy;
import io.prefstream.trainer.loss.SpacLoss;
import io.prefstream.trainer.model.LanguageModel;

/**
 * Checks the bandit's double-precision objective against the trainer's {@link SpacLoss}, and
 * the bandit's chain rule through the softmax policy against finite differences.
 */
class RowObjectiveTest {

    /** Largest difference from SpacLoss in float64; only beta's cast to float separates the two. */
    private static final double SPAC_LOSS_TOLERANCE = 1e-7;
    private static final double FINITE_DIFFERENCE_STEP = 1e-6;
    /** Largest difference between the analytic gradient and central differences. */
    private static final double FINITE_DIFFERENCE_TOLERANCE = 1e-6;

    private static final double BETA = 0.25;
    private static final double BT_WEIGHT = 0.75;
    private static final double LAMBDA = 1.5;
    /** Rewards {@code (f+, f-, f')}, from ties to margins where log-sigmoid saturates. */
    private static final double[][] REWARDS = {{0.5, -0.5, -1.5}, {-0.3, 0.4, 0.9}, {0, 0, 0}, {12, -9, 30},
        {-20, 5, -40}};

    static Stream<Arguments> settings() {
        return Stream.of(PessimismForm.values())
                .flatMap(form -> Stream.of(DataResponses.values()).map(data -> Arguments.of(form, data)));
    }

    @ParameterizedTest
    @MethodSource("settings")
    void shouldMatchSpacLossValueAndGradientOnSingleRows(PessimismForm form, DataResponses data) {
        RowObjective objective = new RowObjective(BETA, BT_WEIGHT, LAMBDA, form, data);
        SpacLoss loss = new SpacLoss((float) BETA, (float) BT_WEIGHT, (float) LAMBDA, form, data);
        for (double[] f : REWARDS) {
            RowObjective.Term expected = objective.row(f[0], f[1], f[2]);
            try (NDManager manager = NDManager.newBaseManager(LanguageModel.ENGINE)) {
                // with log ref = 0 the policy log-prob f / beta gives reward f; d/d logp = beta * d/df
                NDList policy = new NDList(manager.create(new double[] {f[0] / BETA}),
                        manager.create(new double[] {f[1] / BETA}), manager.create(new double[] {f[2] / BETA}));
                NDList reference = new NDList(manager.zeros(policy.get(0).getShape(), policy.get(0).getDataType()),
                        manager.zeros(policy.get(0).getShape(), policy.get(0).getDataType()),
                        manager.zeros(policy.get(0).getShape(), policy.get(0).getDataType()));
                policy.forEach(a -> a.setRequiresGradient(true));
                double value;
                try (GradientCollector collector = Engine.getEngine(LanguageModel.ENGINE).newGradientCollector()) {
                    NDArray result = loss.evaluate(reference, policy);
                    collector.backward(result);
                    value = result.getDouble();
                }
                String row = Arrays.toString(f);
                assertThat(value).as("value at %s", row).isCloseTo(expected.value(), within(SPAC_LOSS_TOLERANCE));
                assertThat(policy.get(0).getGradient().getDouble()).as("d/d f+ at %s", row)
                        .isCloseTo(BETA * expected.chosen(), within(SPAC_LOSS_TOLERANCE));
                assertThat(policy.get(1).getGradient().getDouble()).as("d/d f- at %s", row)
                        .isCloseTo(BETA * expected.rejected(), within(SPAC_LOSS_TOLERANCE));
                assertThat(policy.get(2).getGradient().getDouble()).as("d/d f' at %s", row)
                        .isCloseTo(BETA * expected.self(), within(SPAC_LOSS_TOLERANCE));
            }
        }
    }

    @Test
    void shouldMatchFiniteDifferencesThroughTheSoftmaxPolicy() {
        PreferenceBandit bandit = PreferenceBandit.generate(3);
        TrainerConfig spac = TrainerConfig.preset(TrainerConfig.SPAC);
        BanditTrainer trainer = new BanditTrainer(bandit, RowObjective.of(spac), ReferencePolicy.PI_T);
        double[] start = {4, -2, 0.5};
        double[][] logRef = bandit.logPolicy(start);
        double[][] selfPlay = new double[logRef.length][];
        for (int x = 0; x < logRef.length; x++) {
            selfPlay[x] = Arrays.stream(logRef[x]).map(Math::exp).toArray();
        }
        double[] theta = {6, -1, -0.5};

        double[] analytic = trainer.gradient(theta, logRef, selfPlay);

        for (int i = 0; i < theta.length; i++) {
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[i] += FINITE_DIFFERENCE_STEP;
            minus[i] -= FINITE_DIFFERENCE_STEP;
            double numeric = (trainer.loss(plus, logRef, selfPlay) - trainer.loss(minus, logRef, selfPlay))
                    / (2 * FINITE_DIFFERENCE_STEP);
            assertThat(analytic[i]).as("d loss / d theta[%d]", i).isCloseTo(numeric,
                    within(FINITE_DIFFERENCE_TOLERANCE));
        }
    }
}

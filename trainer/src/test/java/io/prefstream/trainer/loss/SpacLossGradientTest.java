package io.prefstream.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

import io.prefstream.trainer.FreedDirectMemory;

/** Compares autograd gradients of the loss w.r.t. policy log-probs with central finite differences. */
class SpacLossGradientTest {

    private static final double STEP = 1e-5;
    private static final double TOLERANCE = 1e-7;
    private static final double[][] POLICY = {{-10, -3.5, -20}, {-12, -2.5, -19}, {-13, -4, -18}};
    private static final double[][] REFERENCE = {{-11, -3, -20.5}, {-11, -3.2, -18}, {-10, -4.4, -17}};

    @ParameterizedTest
    @EnumSource(PessimismForm.class)
    void shouldMatchFiniteDifferencesWithChosenOnly(PessimismForm form) throws InterruptedException {
        check(new SpacLoss(0.3f, 0.7f, 1.3f, form, DataResponses.CHOSEN));
    }

    @ParameterizedTest
    @EnumSource(PessimismForm.class)
    void shouldMatchFiniteDifferencesWithChosenAndRejected(PessimismForm form) throws InterruptedException {
        check(new SpacLoss(0.3f, 0.7f, 1.3f, form, DataResponses.CHOSEN_AND_REJECTED));
    }

    /**
     * Autograd keeps the loss's constant factors (beta and the term weights) for the backward pass.
     * They must stay valid however long the backward pass waits: a factor whose memory the garbage
     * collector frees in between would turn every gradient into whatever the freed memory holds.
     */
    @Test
    void shouldGiveTheSameGradientsWhenGarbageIsCollectedBeforeBackward() throws InterruptedException {
        SpacLoss loss = new SpacLoss(0.3f, 0.7f, 1.3f, PessimismForm.LOGSIGMOID_DIFF,
                DataResponses.CHOSEN_AND_REJECTED);
        try (NDManager manager = NDManager.newBaseManager()) {
            double[][] expected = autograd(manager, loss, false);
            double[][] collected = autograd(manager, loss, true);
            for (int part = 0; part < POLICY.length; part++) {
                assertThat(collected[part]).as("gradient of part %d after a collection before backward", part)
                        .containsExactly(expected[part]);
                assertThat(Arrays.stream(expected[part]).allMatch(Double::isFinite))
                        .as("gradient of part %d is finite", part).isTrue();
            }
        }
    }

    private static void check(SpacLoss loss) throws InterruptedException {
        try (NDManager manager = NDManager.newBaseManager()) {
            double[][] analytic = autograd(manager, loss, false);
            for (int part = 0; part < POLICY.length; part++) {
                for (int i = 0; i < POLICY[part].length; i++) {
                    double[][] plus = copy(POLICY);
                    double[][] minus = copy(POLICY);
                    plus[part][i] += STEP;
                    minus[part][i] -= STEP;
                    double numeric = (value(manager, loss, plus) - value(manager, loss, minus)) / (2 * STEP);
                    assertThat(analytic[part][i]).as("d loss / d policy[%d][%d]", part, i)
                            .isCloseTo(numeric, within(TOLERANCE));
                }
            }
        }
    }

    /**
     * Returns the gradients of the loss w.r.t. the policy log-probs; with {@code collect}, unreachable
     * direct buffers are freed and their memory refilled with NaN between the forward and the backward pass.
     */
    private static double[][] autograd(NDManager manager, SpacLoss loss, boolean collect)
            throws InterruptedException {
        NDList policy = arrays(manager, POLICY);
        policy.forEach(a -> a.setRequiresGradient(true));
        try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray value = loss.evaluate(arrays(manager, REFERENCE), policy);
            List<ByteBuffer> refilled = collect ? FreedDirectMemory.collectAndRefill() : List.of();
            collector.backward(value);
            Reference.reachabilityFence(refilled);
        }
        double[][] gradients = new double[POLICY.length][];
        for (int part = 0; part < POLICY.length; part++) {
            gradients[part] = policy.get(part).getGradient().toDoubleArray();
        }
        return gradients;
    }

    private static double value(NDManager manager, SpacLoss loss, double[][] policy) {
        return loss.evaluate(arrays(manager, REFERENCE), arrays(manager, policy)).getDouble();
    }

    private static NDList arrays(NDManager manager, double[][] values) {
        NDList list = new NDList();
        for (double[] row : values) {
            list.add(manager.create(row));
        }
        return list;
    }

    private static double[][] copy(double[][] values) {
        double[][] copy = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            copy[i] = values[i].clone();
        }
        return copy;
    }
}

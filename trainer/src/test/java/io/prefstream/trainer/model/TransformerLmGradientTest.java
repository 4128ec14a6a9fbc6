package io.prefstream.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;

import io.prefstream.trainer.FreedDirectMemory;
import io.prefstream.trainer.data.SequenceEncoder;
import io.prefstream.trainer.data.TokenizedSequence;

/**
 * The model's gradients do not depend on when the garbage collector runs.
 *
 * <p>Autograd keeps every constant factor of the forward pass (the attention's {@code 1/sqrt(dh)}
 * among them) for the backward pass. A training step runs its backward pass after the forward pass
 * and the loss; if a factor's memory could be freed by a collection in between, the step's gradient,
 * and the weights Adam makes of it, would be whatever the freed memory holds, typically NaN.
 */
class TransformerLmGradientTest {

    private static final int POSITIONS = 24;
    private static final ModelSpec TINY = ModelSpec.preset(ModelSpec.TINY, POSITIONS);
    private static final long SEED = 11;

    @Test
    void shouldGiveTheSameGradientsWhenGarbageIsCollectedBeforeBackward() throws InterruptedException {
        Map<String, float[]> expected = gradients(false);
        Map<String, float[]> collected = gradients(true);

        assertThat(collected.keySet()).containsExactlyElementsOf(expected.keySet());
        for (Map.Entry<String, float[]> entry : expected.entrySet()) {
            String name = entry.getKey();
            assertThat(nonFinite(entry.getValue())).as("non-finite gradient entries of %s", name).isZero();
            assertThat(nonFinite(collected.get(name)))
                    .as("non-finite gradient entries of %s after a collection before backward", name).isZero();
            assertThat(collected.get(name)).as("gradient of %s after a collection before backward", name)
                    .containsExactly(entry.getValue());
        }
    }

    private static long nonFinite(float[] values) {
        long count = 0;
        for (float value : values) {
            count += Float.isFinite(value) ? 0 : 1;
        }
        return count;
    }

    /**
     * Returns each parameter's gradient of the response log-probability of a fresh, seeded model;
     * with {@code collect}, unreachable direct buffers are freed and their memory refilled with NaN
     * between the forward and the backward pass.
     */
    private static Map<String, float[]> gradients(boolean collect) throws InterruptedException {
        SequenceEncoder encoder = new SequenceEncoder(POSITIONS, 8);
        List<TokenizedSequence> sequences = List.of(encoder.encode("Greet Ana loudly", " hello!"),
                encoder.encode("Greet Bob softly", " hello."), encoder.encode("hi", "yo"));
        Map<String, float[]> gradients = new LinkedHashMap<>();
        try (LanguageModel model = LanguageModel.create(TINY, Device.cpu(), SEED);
                NDManager manager = model.djlModel().getNDManager().newSubManager()) {
            SequenceBatch batch = SequenceBatch.of(manager, sequences);
            try (GradientCollector collector = Engine.getEngine(LanguageModel.ENGINE).newGradientCollector()) {
                NDArray logits = model.logits(model.inferenceStore(), batch.inputs(), true);
                NDArray logProb = SequenceLogProbs.sum(logits, batch.targets(), batch.mask()).sum();
                List<ByteBuffer> refilled = collect ? FreedDirectMemory.collectAndRefill() : List.of();
                collector.backward(logProb);
                Reference.reachabilityFence(refilled);
            }
            for (Pair<String, Parameter> parameter : model.djlModel().getBlock().getParameters()) {
                gradients.put(parameter.getKey(), parameter.getValue().getArray().getGradient().toFloatArray());
            }
        }
        return gradients;
    }
}

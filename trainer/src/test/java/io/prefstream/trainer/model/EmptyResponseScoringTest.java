package io.prefstream.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;

import io.prefstream.trainer.data.ByteTokenizer;
import io.prefstream.trainer.data.SequenceEncoder;
import io.prefstream.trainer.data.TokenizedSequence;

/**
 * The shortest self-play responses score finitely: one that ends at once (EOS first) and one with
 * no token at all and so no scored target, batched with longer rows whose padding they share.
 */
class EmptyResponseScoringTest {

    private static final int POSITIONS = 24;
    private static final ModelSpec TINY = ModelSpec.preset(ModelSpec.TINY, POSITIONS);

    private static final SequenceEncoder ENCODER = new SequenceEncoder(POSITIONS, 8);
    private static final int[] PROMPT = ByteTokenizer.INSTANCE.encode("Greet Ana loudly");
    /** EOS first: the response is empty but scores its EOS. */
    private static final TokenizedSequence ENDED_AT_ONCE = ENCODER.encode(PROMPT, new int[0], true);
    /** No token and no EOS: nothing of the sequence is scored. */
    private static final TokenizedSequence NOTHING_SCORED = ENCODER.encode(PROMPT, new int[0], false);
    private static final TokenizedSequence LONGER = ENCODER.encode("Greet Bob softly and at length", " hello.");

    @Test
    void shouldScoreAnEmptyResponseFinitelyAndAResponseWithoutTargetsAsZero() {
        try (LanguageModel model = LanguageModel.create(TINY, Device.cpu(), 3)) {
            double[] scores = new SequenceScorer(3).score(model, List.of(ENDED_AT_ONCE, NOTHING_SCORED, LONGER));

            assertThat(NOTHING_SCORED.scoredCount()).isZero();
            assertThat(scores[0]).isFinite().isNegative();
            assertThat(scores[1]).isZero();
            assertThat(scores[2]).isFinite().isNegative();
        }
    }

    @Test
    void shouldGiveFiniteGradientsForABatchWithEmptyResponses() {
        try (LanguageModel model = LanguageModel.create(TINY, Device.cpu(), 3);
                NDManager manager = model.djlModel().getNDManager().newSubManager()) {
            SequenceBatch batch = SequenceBatch.of(manager, List.of(ENDED_AT_ONCE, NOTHING_SCORED, LONGER));
            try (GradientCollector collector = Engine.getEngine(LanguageModel.ENGINE).newGradientCollector()) {
                NDArray logits = model.logits(model.inferenceStore(), batch.inputs(), true);
                NDArray logProbs = SequenceLogProbs.sum(logits, batch.targets(), batch.mask());
                assertThat(logProbs.toFloatArray()).doesNotContain(Float.NaN, Float.NEGATIVE_INFINITY);
                collector.backward(logProbs.sum());
            }
            for (Pair<String, Parameter> parameter : model.djlModel().getBlock().getParameters()) {
                float[] gradient = parameter.getValue().getArray().getGradient().toFloatArray();
                for (float value : gradient) {
                    assertThat(value).as("gradient of %s", parameter.getKey()).isFinite();
                }
            }
        }
    }
}

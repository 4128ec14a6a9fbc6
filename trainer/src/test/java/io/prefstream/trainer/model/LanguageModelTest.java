package io.prefstream.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

import io.prefstream.trainer.data.ByteTokenizer;
import io.prefstream.trainer.data.SequenceEncoder;
import io.prefstream.trainer.data.TokenizedSequence;

class LanguageModelTest {

    private static final int POSITIONS = 48;
    private static final int NEW_TOKENS = 12;
    private static final ModelSpec TINY = ModelSpec.preset(ModelSpec.TINY, POSITIONS);

    @Test
    void shouldScoreTheSameAfterSaveAndLoad(@TempDir Path directory) throws IOException {
        List<TokenizedSequence> sequences = sequences();
        double[] before;
        try (LanguageModel model = LanguageModel.create(TINY, Device.cpu(), 5)) {
            before = new SequenceScorer(2).score(model, sequences);
            model.save(directory);
        }

        try (LanguageModel loaded = LanguageModel.load(directory, TINY, Device.cpu())) {
            assertThat(new SequenceScorer(3).score(loaded, sequences)).containsExactly(before);
        }
    }

    @Test
    void shouldDrawTheSameWeightsForTheSameSeed() {
        List<TokenizedSequence> sequences = sequences();
        try (LanguageModel first = LanguageModel.create(TINY, Device.cpu(), 9);
                LanguageModel second = LanguageModel.create(TINY, Device.cpu(), 9)) {
            SequenceScorer scorer = new SequenceScorer(4);
            assertThat(scorer.score(first, sequences)).containsExactly(scorer.score(second, sequences));
        }
    }

    @Test
    void shouldDecodeWithCacheAsFullRecomputationDoes() {
        SequenceEncoder encoder = new SequenceEncoder(POSITIONS, 16);
        List<int[]> contexts = List.of(
                encoder.context(ByteTokenizer.INSTANCE.encode("\n\nHuman: hello there\n\nAssistant:"), NEW_TOKENS),
                encoder.context(ByteTokenizer.INSTANCE.encode("hi"), NEW_TOKENS),
                encoder.context(ByteTokenizer.INSTANCE.encode("a much longer prompt that gets cut from the left"),
                        NEW_TOKENS));
        try (LanguageModel model = LanguageModel.create(TINY, Device.cpu(), 3)) {
            List<GeneratedResponse> cached = new ResponseSampler(new TokenPicker(0, 1), NEW_TOKENS, 3)
                    .sample(model, contexts, new Random(1));

            for (int i = 0; i < contexts.size(); i++) {
                assertThat(cached.get(i).ids()).as("row %d", i)
                        .isEqualTo(greedyByRecomputation(model, contexts.get(i)));
            }
        }
    }

    @Test
    void shouldStopEachResponseAtTheTokenLimit() {
        SequenceEncoder encoder = new SequenceEncoder(POSITIONS, 16);
        List<int[]> contexts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            contexts.add(encoder.context(ByteTokenizer.INSTANCE.encode("prompt " + i), NEW_TOKENS));
        }
        try (LanguageModel model = LanguageModel.create(TINY, Device.cpu(), 4)) {
            List<GeneratedResponse> responses = new ResponseSampler(new TokenPicker(1, 0.9), NEW_TOKENS, 2)
                    .sample(model, contexts, new Random(2));

            assertThat(responses).hasSize(5).allSatisfy(r -> {
                assertThat(r.ids().length).isLessThanOrEqualTo(NEW_TOKENS);
                assertThat(r.complete() || r.ids().length == NEW_TOKENS).isTrue();
                assertThat(r.ids()).doesNotContain(ByteTokenizer.BOS, ByteTokenizer.EOS, ByteTokenizer.PAD);
            });
        }
    }

    /** Greedy decoding that reruns the whole prefix for every token, the reference for the cache. */
    private static int[] greedyByRecomputation(LanguageModel model, int[] context) {
        int[] sequence = Arrays.copyOf(context, context.length + NEW_TOKENS);
        int length = context.length;
        while (length < context.length + NEW_TOKENS) {
            int[] prefix = Arrays.copyOf(sequence, length);
            int next = InferenceMode.call(() -> greedyNext(model, prefix));
            if (next == ByteTokenizer.EOS) {
                break;
            }
            sequence[length++] = next;
        }
        return Arrays.copyOfRange(sequence, context.length, length);
    }

    private static int greedyNext(LanguageModel model, int[] prefix) {
        try (NDManager manager = NDManager.newBaseManager()) {
            long[] ids = Arrays.stream(prefix).asLongStream().toArray();
            NDArray logits = model.logits(model.inferenceStore(), manager.create(ids, new Shape(1, prefix.length)),
                    false);
            float[] last = logits.get(new NDIndex("0, -1, :")).toFloatArray();
            return new TokenPicker(0, 1).pick(last, 0, last.length, new Random(0));
        }
    }

    private static List<TokenizedSequence> sequences() {
        SequenceEncoder encoder = new SequenceEncoder(POSITIONS, 16);
        return List.of(encoder.encode("Price: ", "$5"), encoder.encode("\n\nHuman: hi\n\nAssistant:", " Hello!"),
                encoder.encode("a", "b"), encoder.encode("a longer prompt that is cut from the left side", "ok"));
    }
}

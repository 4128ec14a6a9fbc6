package io.prefstream.trainer.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import io.prefstream.trainer.model.InferenceMode;
import io.prefstream.trainer.model.LanguageModel;
import io.prefstream.trainer.model.TokenPicker;

/**
 * Generation without a key/value cache: every new token reruns the whole sequence so far.
 *
 * <p>The baseline the cached {@link io.prefstream.trainer.model.ResponseSampler} is measured
 * against. It takes equal-length contexts (no padding) and always generates {@code newTokens}
 * tokens, EOS included, so both sides do the same amount of work.
 */
public final class UncachedSampler {

    private final TokenPicker picker;
    private final int newTokens;

    /**
     * Creates the sampler.
     *
     * @param picker draws each token
     * @param newTokens tokens generated per context
     */
    public UncachedSampler(TokenPicker picker, int newTokens) {
        this.picker = picker;
        this.newTokens = newTokens;
    }

    /** Returns the generated ids, one array per context; the contexts must have equal lengths. */
    public List<int[]> sample(LanguageModel model, List<int[]> contexts, Random random) {
        int rows = contexts.size();
        int prefix = contexts.get(0).length;
        for (int[] context : contexts) {
            if (context.length != prefix) {
                throw new IllegalArgumentException("contexts must have equal lengths, got " + prefix + " and "
                        + context.length);
            }
        }
        int vocab = model.spec().vocabSize();
        int[][] sequences = new int[rows][prefix + newTokens];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(contexts.get(r), 0, sequences[r], 0, prefix);
        }
        ParameterStore store = model.inferenceStore();
        return InferenceMode.call(() -> {
            for (int length = prefix; length < prefix + newTokens; length++) {
                float[] logits = lastLogits(model, store, sequences, length);
                for (int r = 0; r < rows; r++) {
                    sequences[r][length] = picker.pick(logits, r * vocab, vocab, random);
                }
            }
            List<int[]> generated = new ArrayList<>(rows);
            for (int[] sequence : sequences) {
                int[] tail = new int[newTokens];
                System.arraycopy(sequence, prefix, tail, 0, newTokens);
                generated.add(tail);
            }
            return generated;
        });
    }

    private static float[] lastLogits(LanguageModel model, ParameterStore store, int[][] sequences, int length) {
        long[] tokens = new long[sequences.length * length];
        for (int r = 0; r < sequences.length; r++) {
            for (int j = 0; j < length; j++) {
                tokens[r * length + j] = sequences[r][j];
            }
        }
        try (NDManager manager = model.djlModel().getNDManager().newSubManager()) {
            NDArray input = manager.create(tokens, new Shape(sequences.length, length));
            return model.logits(store, input, false).get(new NDIndex(":, -1, :")).toFloatArray();
        }
    }
}

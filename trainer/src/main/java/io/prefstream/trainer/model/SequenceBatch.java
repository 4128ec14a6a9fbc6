package io.prefstream.trainer.model;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.prefstream.trainer.data.TokenizedSequence;

/**
 * Model inputs for a list of sequences, right-padded to the longest of them.
 *
 * <p>The arrays belong to the manager passed to {@link #of}; closing that manager frees them.
 *
 * @param inputs ids {@code [B, W]} read by the model, {@code W = longest length - 1}, int64
 * @param targets ids {@code [B, W]} to be predicted, int64
 * @param mask {@code [B, W]} float, 1 where the target is a response token or EOS
 */
public record SequenceBatch(NDArray inputs, NDArray targets, NDArray mask) {

    /** Builds the arrays in the given manager. */
    public static SequenceBatch of(NDManager manager, List<TokenizedSequence> sequences) {
        int rows = sequences.size();
        int width = sequences.stream().mapToInt(TokenizedSequence::length).max().orElseThrow() - 1;
        long[] inputs = new long[rows * width];
        long[] targets = new long[rows * width];
        float[] mask = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            int[] tokens = sequences.get(r).tokens();
            TokenizedSequence sequence = sequences.get(r);
            int pad = sequence.specials().pad();
            for (int j = 0; j < width; j++) {
                int at = r * width + j;
                inputs[at] = j < tokens.length ? tokens[j] : pad;
                targets[at] = j + 1 < tokens.length ? tokens[j + 1] : pad;
                mask[at] = sequence.isScoredTarget(j) ? 1f : 0f;
            }
        }
        Shape shape = new Shape(rows, width);
        return new SequenceBatch(manager.create(inputs, shape), manager.create(targets, shape),
                manager.create(mask, shape));
    }
}

package io.prefstream.trainer.judge;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.prefstream.trainer.data.TokenizedSequence;

/**
 * Reward-model inputs for a list of sequences, right-padded to the longest of them.
 *
 * <p>The model reads every token of a sequence, EOS included; its reward is the scalar output at
 * the sequence's last position, which under the causal mask has seen the whole prompt and response
 * and none of the padding. The arrays belong to the manager passed to {@link #of}.
 *
 * @param tokens ids {@code [B, W]}, {@code W = longest length}, int64
 * @param last {@code [B, W]} float, 1 at each row's last real position and 0 elsewhere
 */
record RewardBatch(NDArray tokens, NDArray last) {

    private static final int[] TIME_AXIS = {1};

    /** Builds the arrays in the given manager. */
    static RewardBatch of(NDManager manager, List<TokenizedSequence> sequences) {
        int rows = sequences.size();
        int width = sequences.stream().mapToInt(TokenizedSequence::length).max().orElseThrow();
        long[] tokens = new long[rows * width];
        float[] last = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            TokenizedSequence sequence = sequences.get(r);
            int[] ids = sequence.tokens();
            for (int j = 0; j < width; j++) {
                tokens[r * width + j] = j < ids.length ? ids[j] : sequence.specials().pad();
            }
            last[r * width + ids.length - 1] = 1f;
        }
        Shape shape = new Shape(rows, width);
        return new RewardBatch(manager.create(tokens, shape), manager.create(last, shape));
    }

    /** Returns each row's reward {@code [B]} from the model's per-position outputs {@code [B, W, 1]}. */
    NDArray read(NDArray outputs) {
        return outputs.squeeze(-1).mul(last).sum(TIME_AXIS);
    }
}

package io.prefstream.trainer.model;

import ai.djl.ndarray.NDArray;

/** Turns next-token logits into per-sequence log-probabilities of the scored (response) targets. */
public final class SequenceLogProbs {

    private static final int[] TIME_AXIS = {1};

    private SequenceLogProbs() {
    }

    /**
     * Returns {@code sum_t mask[b,t] * log softmax(logits[b,t])[targets[b,t]]}, shape {@code [B]}.
     *
     * @param logits {@code [B, W, V]}
     * @param targets {@code [B, W]} int64
     * @param mask {@code [B, W]} float
     */
    public static NDArray sum(NDArray logits, NDArray targets, NDArray mask) {
        return tokenLogProbs(logits, targets).mul(mask).sum(TIME_AXIS);
    }

    /** Returns the log-probability of each target, {@code [B, W]}, unmasked. */
    public static NDArray tokenLogProbs(NDArray logits, NDArray targets) {
        return logits.logSoftmax(-1).gather(targets.expandDims(-1), -1).squeeze(-1);
    }
}

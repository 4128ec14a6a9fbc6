package io.prefstream.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

import io.prefstream.trainer.model.SequenceLogProbs;

/**
 * Token-level cross-entropy on response tokens, the supervised warm-start loss.
 *
 * <p>{@code L = - sum_{b,t} m[b,t] * log p(y[b,t] | y[b,<t]) / sum_{b,t} m[b,t]}, where {@code m}
 * masks in exactly the response tokens and EOS, so prompt tokens and padding carry no loss.
 *
 * <p>Labels: {@code (targets [B, W] int64, mask [B, W] float)}. Predictions: {@code (logits [B, W, V])}.
 */
public final class ResponseCrossEntropyLoss extends Loss {

    /** Creates the loss, named {@code sft}. */
    public ResponseCrossEntropyLoss() {
        super("sft");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray targets = labels.get(0);
        NDArray mask = labels.get(1);
        NDArray tokenLogProbs = SequenceLogProbs.tokenLogProbs(predictions.head(), targets);
        return tokenLogProbs.mul(mask).sum().neg().div(mask.sum().maximum(1f));
    }
}

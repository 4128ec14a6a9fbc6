package io.prefstream.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;

/**
 * Bradley-Terry loss of a reward model on preference pairs.
 *
 * <pre>
 *   L = mean over pairs of  -log sigmoid( r(x, y+) - r(x, y-) )  =  softplus( r(x, y-) - r(x, y+) )
 * </pre>
 * where {@code r} is the model's scalar reward. The softplus form is stable for large margins.
 *
 * <p>Predictions: rewards {@code (chosen [B], rejected [B])}. Labels: none (pass an empty list);
 * the preference is the order of the two predictions.
 */
public final class BradleyTerryLoss extends Loss {

    /** Creates the loss, named {@code bradley_terry}. */
    public BradleyTerryLoss() {
        super("bradley_terry");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray chosen = predictions.get(0);
        NDArray rejected = predictions.get(1);
        return Activation.softPlus(rejected.sub(chosen)).mean();
    }
}

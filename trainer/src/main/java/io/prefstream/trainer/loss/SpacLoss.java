package io.prefstream.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;

import io.prefstream.trainer.model.Scalars;

/**
 * The SPAC objective over sequence log-probabilities, with DPO and SPIN as special cases.
 *
 * <p>Per example with prompt {@code x}, chosen {@code y+}, rejected {@code y-} and self-play
 * response {@code y'}, with the implicit reward
 * <pre>
 *   f(x, y) = beta * (log pi(y|x) - log ref(y|x))
 * </pre>
 * where the reference log-probabilities are constants (no gradient), the loss is
 * <pre>
 *   L = w_bt * ( -log sigmoid(f(x, y+) - f(x, y-)) ) + lambda * P
 *   P = mean over y in D of p(f(x, y), f(x, y'))
 *   LINEAR:          p = f(x, y') - f(x, y)
 *   LOGSIGMOID_SELF: p = -log sigmoid(-f(x, y'))
 *   LOGSIGMOID_DIFF: p = -log sigmoid(f(x, y) - f(x, y'))
 * </pre>
 * with {@code D = {y+}} or {@code D = {y+, y-}}, averaged over the batch. {@code -log sigmoid(z)}
 * is computed as {@code softplus(-z)}, which is stable for large {@code |z|}. The constant factors
 * go through {@link Scalars}, so the backward pass may run any time after the forward pass.
 *
 * <p>Predictions: policy log-probabilities {@code (chosen [B], rejected [B], selfPlay [B])}.
 * Labels: reference log-probabilities in the same order. Terms with a zero weight are skipped,
 * so DPO needs no self-play scores and SPIN none for the rejected response (pass zeros).
 */
public final class SpacLoss extends Loss {

    private final float beta;
    private final float btWeight;
    private final float lambda;
    private final PessimismForm form;
    private final DataResponses dataResponses;

    /**
     * Creates the loss.
     *
     * @param beta reward scale; default 0.1
     * @param btWeight weight {@code w_bt} of the Bradley-Terry term; default 1 (0 for SPIN)
     * @param lambda weight of the pessimism term; default 1 for SPAC, 0 for DPO
     * @param form the pessimism term's form
     * @param dataResponses the data responses {@code D} of the pessimism term
     */
    public SpacLoss(float beta, float btWeight, float lambda, PessimismForm form, DataResponses dataResponses) {
        super("spac");
        this.beta = beta;
        this.btWeight = btWeight;
        this.lambda = lambda;
        this.form = form;
        this.dataResponses = dataResponses;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return terms(labels, predictions).get(0);
    }

    /**
     * Returns the loss and its two weighted terms, each a batch mean: {@code (L, w_bt * BT, lambda * P)},
     * where the terms add up to {@code L}. A term whose weight is 0 is 0. Takes the same arguments as
     * {@link #evaluate}, whose result is the first element.
     */
    public NDList terms(NDList labels, NDList predictions) {
        NDArray chosen = reward(predictions.get(0), labels.get(0));
        NDArray rejected = reward(predictions.get(1), labels.get(1));
        NDArray bradleyTerry = chosen.zerosLike();
        NDArray pessimismTerm = chosen.zerosLike();
        if (btWeight != 0) {
            bradleyTerry = Scalars.times(negLogSigmoid(chosen.sub(rejected)), btWeight);
        }
        if (lambda != 0) {
            NDArray selfPlay = reward(predictions.get(2), labels.get(2));
            NDArray pessimism = pessimism(chosen, selfPlay);
            if (dataResponses == DataResponses.CHOSEN_AND_REJECTED) {
                pessimism = Scalars.times(pessimism.add(pessimism(rejected, selfPlay)), 0.5f);
            }
            pessimismTerm = Scalars.times(pessimism, lambda);
        }
        // the loss sums the terms per example, then averages; the term means are for reporting only
        return new NDList(bradleyTerry.add(pessimismTerm).mean(), bradleyTerry.mean(), pessimismTerm.mean());
    }

    /** Returns {@code f = beta * (log pi - log ref)}. */
    public NDArray reward(NDArray policyLogProbs, NDArray referenceLogProbs) {
        return Scalars.times(policyLogProbs.sub(referenceLogProbs), beta);
    }

    private NDArray pessimism(NDArray data, NDArray selfPlay) {
        return switch (form) {
            case LINEAR -> selfPlay.sub(data);
            case LOGSIGMOID_SELF -> negLogSigmoid(selfPlay.neg());
            case LOGSIGMOID_DIFF -> negLogSigmoid(data.sub(selfPlay));
        };
    }

    private static NDArray negLogSigmoid(NDArray z) {
        return Activation.softPlus(z.neg());
    }
}

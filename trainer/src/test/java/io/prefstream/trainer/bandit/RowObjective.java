package io.prefstream.trainer.bandit;

import io.prefstream.trainer.app.TrainerConfig;
import io.prefstream.trainer.loss.DataResponses;
import io.prefstream.trainer.loss.PessimismForm;
import io.prefstream.trainer.loss.SpacLoss;

/**
 * The per-row {@link SpacLoss} objective in double precision, as a function of the implicit
 * rewards {@code f+, f-, f'} of one chosen, rejected and self-play response, with its partial
 * derivatives.
 *
 * <p>{@code row = btWeight * B + lambda * P} with {@code B = -log sigmoid(f+ - f-)} and
 * {@code P = mean over y in D of p(f(y), f')}, the forms of {@link PessimismForm}. Kept apart so
 * that the bandit can take the exact expectation of {@code P} over the self-play response;
 * {@code RowObjectiveTest} checks it against SpacLoss itself.
 *
 * @param beta reward scale; used by callers to turn log-probabilities into rewards
 * @param btWeight weight of the Bradley-Terry term
 * @param lambda weight of the pessimism term
 * @param form the pessimism form
 * @param dataResponses the data responses {@code D}
 */
record RowObjective(double beta, double btWeight, double lambda, PessimismForm form, DataResponses dataResponses) {

    /** Returns the objective of a trainer config's loss knobs. */
    static RowObjective of(TrainerConfig config) {
        return new RowObjective(config.beta(), config.btWeight(), config.lambda(), config.pessimismForm(),
                config.dataResponses());
    }

    /** Returns a copy with another pessimism weight. */
    RowObjective withLambda(double value) {
        return new RowObjective(beta, btWeight, value, form, dataResponses);
    }

    /**
     * A term's value and its partial derivatives w.r.t. {@code f+, f-, f'}.
     *
     * @param value the term
     * @param chosen d term / d f+
     * @param rejected d term / d f-
     * @param self d term / d f'
     */
    record Term(double value, double chosen, double rejected, double self) {

        Term plus(Term other, double weight) {
            return new Term(value + weight * other.value, chosen + weight * other.chosen,
                    rejected + weight * other.rejected, self + weight * other.self);
        }
    }

    /** Returns {@code B = -log sigmoid(f+ - f-)}. */
    static Term bradleyTerry(double chosen, double rejected) {
        double margin = chosen - rejected;
        double slope = sigmoid(-margin);
        return new Term(softplus(-margin), -slope, slope, 0);
    }

    /** Returns {@code P}, averaged over the data responses. */
    Term pessimism(double chosen, double rejected, double self) {
        Term versusChosen = perResponse(chosen, self, true);
        if (dataResponses == DataResponses.CHOSEN) {
            return versusChosen;
        }
        return new Term(0, 0, 0, 0).plus(versusChosen, 0.5).plus(perResponse(rejected, self, false), 0.5);
    }

    /** Returns the whole row, {@code btWeight * B + lambda * P}. */
    Term row(double chosen, double rejected, double self) {
        return new Term(0, 0, 0, 0).plus(bradleyTerry(chosen, rejected), btWeight)
                .plus(pessimism(chosen, rejected, self), lambda);
    }

    /** Returns {@code p(f(y), f')} with the data response's partial on the chosen or the rejected slot. */
    private Term perResponse(double data, double self, boolean isChosen) {
        double value;
        double dData;
        double dSelf;
        switch (form) {
            case LINEAR -> {
                value = self - data;
                dData = -1;
                dSelf = 1;
            }
            case LOGSIGMOID_SELF -> {
                value = softplus(self);
                dData = 0;
                dSelf = sigmoid(self);
            }
            case LOGSIGMOID_DIFF -> {
                value = softplus(self - data);
                dSelf = sigmoid(self - data);
                dData = -dSelf;
            }
            default -> throw new IllegalStateException("unknown form " + form);
        }
        return isChosen ? new Term(value, dData, 0, dSelf) : new Term(value, 0, dData, dSelf);
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    /** Returns {@code log(1 + e^z)}, stable for large {@code |z|}. */
    static double softplus(double z) {
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }
}

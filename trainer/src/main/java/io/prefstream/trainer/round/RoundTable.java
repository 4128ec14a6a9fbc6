package io.prefstream.trainer.round;

import java.util.List;

import io.prefstream.trainer.data.TokenizedSequence;
import io.prefstream.trainer.loss.ReferencePolicy;

/**
 * The training examples of one round with log-probabilities computed once, before any step.
 *
 * <p>Row {@code i} is one example: {@code chosen.get(i)}, {@code rejected.get(i)} and, when the
 * objective uses self-play, {@code selfPlay.get(i)}. Score arrays are indexed the same way.
 *
 * @param chosen chosen sequences
 * @param rejected rejected sequences
 * @param selfPlay self-play sequences, empty when the objective needs none
 * @param start scores under the round's starting policy {@code pi_t}
 * @param reference scores under the warm-start policy {@code pi_ref}
 */
record RoundTable(List<TokenizedSequence> chosen, List<TokenizedSequence> rejected, List<TokenizedSequence> selfPlay,
        Scores start, Scores reference) {

    /**
     * Log-probabilities of one policy on every row.
     *
     * @param chosen on the chosen sequences
     * @param rejected on the rejected sequences
     * @param selfPlay on the self-play sequences, empty when there are none
     */
    record Scores(double[] chosen, double[] rejected, double[] selfPlay) {
    }

    /** Returns the number of examples. */
    int size() {
        return chosen.size();
    }

    /** Returns whether rows carry a self-play sequence. */
    boolean hasSelfPlay() {
        return !selfPlay.isEmpty();
    }

    /** Returns the scores the loss uses as {@code log ref}. */
    Scores lossReference(ReferencePolicy policy) {
        return policy == ReferencePolicy.PI_T ? start : reference;
    }
}

package io.prefstream.trainer.round;

/**
 * One optimiser step, as reported to a {@link io.prefstream.trainer.app.StepListener}.
 *
 * <p>For preference rounds the loss terms are the weighted contributions {@code w_bt * BT} and
 * {@code lambda * P} of the {@link io.prefstream.trainer.loss.SpacLoss}, batch means that add up
 * to {@code loss}; a term whose weight is 0 is 0. The warm start's loss is the token cross-entropy
 * and has no such terms (NaN).
 *
 * @param round 0 for the warm start, 1.. for preference rounds
 * @param step the step's number within its round, from 1 (counting across epochs)
 * @param tokens ids the step's forward pass read: the lengths of its sequences, padding excluded
 * @param nanos wall time of the step: batch assembly, forward, backward and optimiser update
 * @param learningRate the learning rate the optimiser applied
 * @param loss the batch loss the gradient was taken of
 * @param bradleyTerry the weighted Bradley-Terry term; NaN in the warm start
 * @param pessimism the weighted pessimism term; NaN in the warm start
 */
public record TrainingStep(int round, int step, long tokens, long nanos, double learningRate, double loss,
        double bradleyTerry, double pessimism) {

    /** Returns whether the step belongs to the supervised warm start (round 0). */
    public boolean isWarmStart() {
        return round == 0;
    }
}

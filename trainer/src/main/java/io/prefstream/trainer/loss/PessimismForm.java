package io.prefstream.trainer.loss;

/**
 * Form of the pessimism term {@code P} of {@link SpacLoss}, written per data response {@code y}
 * and self-play response {@code y'} with {@code f} the implicit reward.
 */
public enum PessimismForm {

    /** {@code P = f(x, y') - f(x, y)}: pushes self-play rewards down linearly. */
    LINEAR,

    /** {@code P = -log sigmoid(-f(x, y'))}: pushes self-play rewards below zero; ignores data responses. */
    LOGSIGMOID_SELF,

    /** {@code P = -log sigmoid(f(x, y) - f(x, y'))}: ranks data responses above self-play (SPIN's term). */
    LOGSIGMOID_DIFF
}

package io.prefstream.trainer.round;

/**
 * The self-play sampling of one round, as reported to a {@link io.prefstream.trainer.app.StepListener}.
 *
 * @param round the preference round, from 1
 * @param responses responses drawn
 * @param tokens tokens generated, the end token of each finished response included
 * @param nanos wall time of the sampling
 */
public record SelfPlayPass(int round, int responses, long tokens, long nanos) {
}

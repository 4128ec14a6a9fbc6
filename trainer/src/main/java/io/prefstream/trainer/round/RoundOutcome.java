package io.prefstream.trainer.round;

import java.util.Map;

/**
 * What training one round produced, before evaluation and checkpointing.
 *
 * @param steps optimiser steps taken
 * @param loss mean loss over the last epoch
 * @param metrics training-side metrics ({@code train.*}, {@code selfplay.*})
 */
public record RoundOutcome(int steps, double loss, Map<String, Double> metrics) {
}

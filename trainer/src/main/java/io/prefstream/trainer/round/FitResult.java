package io.prefstream.trainer.round;

/**
 * Outcome of fitting a round's examples.
 *
 * @param steps optimiser steps taken
 * @param firstEpochLoss mean loss over the first epoch
 * @param lastEpochLoss mean loss over the last epoch
 */
record FitResult(int steps, double firstEpochLoss, double lastEpochLoss) {
}

package io.prefstream.trainer.round;

/**
 * Outcome of the supervised warm start.
 *
 * @param steps optimiser steps taken
 * @param firstEpochLoss mean per-token loss over the first epoch
 * @param lastEpochLoss mean per-token loss over the last epoch, the round's reported loss
 * @param sequences chosen responses trained on per epoch
 */
public record SftResult(int steps, double firstEpochLoss, double lastEpochLoss, int sequences) {
}

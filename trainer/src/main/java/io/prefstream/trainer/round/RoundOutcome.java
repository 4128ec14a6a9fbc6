package io.prefstream.trainer.round;

import java.util.List;
import java.util.Map;

/**
 * What training one round produced, before evaluation and checkpointing.
 *
 * @param steps optimiser steps taken
 * @param loss mean loss over the last epoch
 * @param metrics training-side metrics ({@code train.*}, {@code selfplay.*}), later with the eval metrics
 * @param samples sample generations of the evaluated policy; empty before evaluation
 */
public record RoundOutcome(int steps, double loss, Map<String, Double> metrics, List<SampleGeneration> samples) {

    /** Copies the samples. */
    public RoundOutcome {
        samples = List.copyOf(samples);
    }

    /** Creates an outcome without sample generations. */
    public RoundOutcome(int steps, double loss, Map<String, Double> metrics) {
        this(steps, loss, metrics, List.of());
    }
}

package io.prefstream.trainer.app;

import java.util.Locale;

/** A stage of a training run that can fail; the lower-case name is the {@code stage} tag of the failure counter. */
public enum TrainingStage {
    /** Drawing self-play responses from the policy. */
    SAMPLING,
    /** Everything else that trains: loading data and models, the warm start, scoring, optimiser steps. */
    TRAINING,
    /** Scoring and sampling the eval split after a round. */
    EVALUATION,
    /** Writing a round's checkpoint and passing its report on (announcing it, in the service). */
    CHECKPOINT;

    /** Returns the tag value. */
    public String tagValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}

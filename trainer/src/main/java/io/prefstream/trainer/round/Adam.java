package io.prefstream.trainer.round;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/** Builds the Adam optimiser used by every training stage. */
public final class Adam {

    /** Gradients are clipped element-wise to this magnitude, guarding the first steps of each stage. */
    public static final float CLIP_GRADIENT = 1.0f;

    private Adam() {
    }

    /** Returns Adam with a fixed learning rate and gradient clipping. */
    public static Optimizer withLearningRate(double learningRate) {
        return Optimizer.adam()
                .optLearningRateTracker(Tracker.fixed((float) learningRate))
                .optClipGrad(CLIP_GRADIENT)
                .build();
    }
}

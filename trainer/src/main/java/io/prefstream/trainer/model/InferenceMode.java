package io.prefstream.trainer.model;

import java.util.function.Supplier;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Runs work with PyTorch autograd recording off on the current thread, then restores the previous mode.
 *
 * <p>Scoring and sampling run outside any gradient collector, but PyTorch's grad mode is per
 * thread and on by default, so on a caller thread other than the engine's first every forward
 * pass would otherwise record a graph it never uses.
 */
public final class InferenceMode {

    private InferenceMode() {
    }

    /** Returns the work's result, computed without recording gradients. */
    public static <T> T call(Supplier<T> work) {
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return work.get();
        } finally {
            JniUtils.setGradMode(previous);
        }
    }
}

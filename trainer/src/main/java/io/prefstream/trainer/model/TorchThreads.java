package io.prefstream.trainer.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Fixes libtorch's intra-op thread count for the life of the process, so that a seeded run
 * computes the same floats every time.
 *
 * <p>Left alone, libtorch starts with one thread per core and leaves MKL's dynamic threading on,
 * which lets MKL run a matrix product on fewer threads than asked; a product split differently
 * sums in a different order and rounds differently, and a training run drifts from its twin.
 * Setting the count explicitly (libtorch's {@code set_num_threads}) also turns MKL's dynamic
 * adjustment off. DJL sets it at engine start when the system property
 * {@value #THREADS_PROPERTY} is given; otherwise {@link #pin()} sets it to libtorch's default.
 */
public final class TorchThreads {

    /** DJL's system property for libtorch's intra-op thread count, read when the engine starts. */
    public static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

    private static boolean pinned;

    private TorchThreads() {
    }

    /**
     * Starts the engine if needed and fixes its intra-op thread count: to {@value #THREADS_PROPERTY}
     * when set (DJL applied it at start), else to the count libtorch chose. Idempotent.
     *
     * @return the intra-op thread count now in force
     */
    public static synchronized int pin() {
        Engine.getEngine(LanguageModel.ENGINE);
        if (!pinned && Integer.getInteger(THREADS_PROPERTY) == null) {
            JniUtils.setNumThreads(JniUtils.getNumThreads());
        }
        pinned = true;
        return JniUtils.getNumThreads();
    }

    /**
     * Sets the intra-op thread count, as the benchmark does to compare equal thread counts.
     *
     * @param threads threads per operation, at least 1
     * @return the count now in force
     */
    public static synchronized int set(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("libtorch needs at least one thread, got " + threads);
        }
        Engine.getEngine(LanguageModel.ENGINE);
        JniUtils.setNumThreads(threads);
        pinned = true;
        return JniUtils.getNumThreads();
    }
}

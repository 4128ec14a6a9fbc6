package io.prefstream.trainer.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Measures the engine's float32 matrix-product rate, the ceiling the trainer's FLOP/s are compared to. */
public final class MatmulPeak {

    private static final int WARMUP = 2;

    private MatmulPeak() {
    }

    /**
     * Returns the best FLOP/s of {@code repeats} products of two {@code size x size} matrices.
     *
     * @param manager the manager the operands are created in (closed by the caller)
     */
    public static double measure(NDManager manager, int size, int repeats) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray a = scope.randomNormal(new Shape(size, size));
            NDArray b = scope.randomNormal(new Shape(size, size));
            long best = Long.MAX_VALUE;
            for (int i = 0; i < WARMUP + repeats; i++) {
                try (NDManager step = scope.newSubManager()) {
                    long start = System.nanoTime();
                    NDArray product = a.matMul(b);
                    product.attach(step);
                    // reading one element waits for the product on engines that run asynchronously
                    product.getFloat(0, 0);
                    long elapsed = System.nanoTime() - start;
                    if (i >= WARMUP) {
                        best = Math.min(best, elapsed);
                    }
                }
            }
            return 2.0 * size * size * size / (best / 1e9);
        }
    }
}

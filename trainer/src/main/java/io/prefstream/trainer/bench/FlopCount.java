package io.prefstream.trainer.bench;

import io.prefstream.trainer.model.ModelSpec;

/**
 * Floating-point operations of the transformer, counted the usual way for dense decoders.
 *
 * <p>Per token, a forward pass costs {@code 2 * N} for the weight matrix products, where
 * {@code N = layers * (4 d^2 + 2 d f) + d V} (fused QKV {@code 3 d^2}, attention output {@code d^2},
 * MLP {@code 2 d f}, output head {@code d V}), plus {@code 4 * layers * T * d} for the attention
 * scores and the weighted sum of values over a context of {@code T} positions (the full square is
 * computed under the causal mask, so the full square is counted). Training (forward and backward)
 * costs three times the forward pass: {@code 6 N + 12 layers T d}. Embedding lookups, norms,
 * softmax, GELU and the optimiser update are left out, as is customary; they make the count a
 * slight underestimate.
 */
public final class FlopCount {

    private FlopCount() {
    }

    /** Returns {@code N}, the number of weights taking part in matrix products per token. */
    public static long matmulWeights(ModelSpec spec) {
        long d = spec.modelDim();
        long perLayer = 4 * d * d + 2 * d * spec.ffnDim();
        return spec.layers() * perLayer + d * spec.vocabSize();
    }

    /** Returns the FLOPs of one forward and backward pass per token at context length {@code T}. */
    public static double trainingFlopsPerToken(ModelSpec spec, int contextLength) {
        return 6.0 * matmulWeights(spec) + 12.0 * spec.layers() * contextLength * spec.modelDim();
    }
}

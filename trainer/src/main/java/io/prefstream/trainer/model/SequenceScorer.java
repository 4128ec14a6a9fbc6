package io.prefstream.trainer.model;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

import io.prefstream.trainer.data.TokenizedSequence;

/**
 * Computes sequence log-probabilities without gradients, in length-sorted batches to keep padding low.
 */
public final class SequenceScorer {

    private final int batchSize;

    /**
     * Creates a scorer.
     *
     * @param batchSize sequences per forward pass
     */
    public SequenceScorer(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("scoring batch size must be positive, got " + batchSize);
        }
        this.batchSize = batchSize;
    }

    /** Returns {@code log p(response | prompt)} for each sequence, in input order. */
    public double[] score(LanguageModel model, List<TokenizedSequence> sequences) {
        int[] order = IntStream.range(0, sequences.size()).boxed()
                .sorted(Comparator.comparingInt(i -> sequences.get(i).length()))
                .mapToInt(Integer::intValue).toArray();
        double[] scores = new double[sequences.size()];
        ParameterStore store = model.inferenceStore();
        for (int start = 0; start < order.length; start += batchSize) {
            int from = start;
            int to = Math.min(order.length, start + batchSize);
            List<TokenizedSequence> chunk = IntStream.range(from, to).mapToObj(i -> sequences.get(order[i])).toList();
            float[] values = InferenceMode.call(() -> scoreBatch(model, store, chunk));
            for (int i = from; i < to; i++) {
                scores[order[i]] = values[i - from];
            }
        }
        return scores;
    }

    private static float[] scoreBatch(LanguageModel model, ParameterStore store, List<TokenizedSequence> chunk) {
        // each batch's arrays live in a sub-manager so native memory is returned per batch
        try (NDManager manager = model.djlModel().getNDManager().newSubManager()) {
            SequenceBatch batch = SequenceBatch.of(manager, chunk);
            NDArray logits = model.logits(store, batch.inputs(), false);
            return SequenceLogProbs.sum(logits, batch.targets(), batch.mask()).toFloatArray();
        }
    }
}

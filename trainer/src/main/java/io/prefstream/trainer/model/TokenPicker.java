package io.prefstream.trainer.model;

import java.util.Random;

import io.prefstream.trainer.data.SpecialIds;

/**
 * Draws the next token from logits with temperature and nucleus (top-p) sampling.
 *
 * <p>BOS and PAD (the first and last of the vocabulary's {@link SpecialIds}) are never drawn.
 * A temperature of 0 picks the most likely token. All randomness
 * comes from the {@link Random} passed in, so a seeded generator makes a draw reproducible.
 */
public final class TokenPicker {

    private final double temperature;
    private final double topP;

    /**
     * Creates a picker.
     *
     * @param temperature softmax temperature, 0 for greedy; default 1.0 in the trainer config
     * @param topP smallest probability mass kept, in (0, 1]; default 0.9 in the trainer config
     */
    public TokenPicker(double temperature, double topP) {
        if (temperature < 0 || !(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("temperature must be >= 0 and top-p in (0, 1], got "
                    + temperature + " and " + topP);
        }
        this.temperature = temperature;
        this.topP = topP;
    }

    /**
     * Picks a token id.
     *
     * @param logits a flat array holding rows of vocabulary logits
     * @param offset where this row starts
     * @param vocab row length
     * @param random the source of randomness
     * @throws IllegalStateException when the row's logits are not finite
     */
    public int pick(float[] logits, int offset, int vocab, Random random) {
        SpecialIds specials = SpecialIds.forVocabulary(vocab);
        int best = argMax(logits, offset, vocab, specials);
        if (temperature == 0) {
            return best;
        }
        double[] probabilities = new double[vocab];
        double total = 0;
        for (int id = 0; id < vocab; id++) {
            if (allowed(id, specials)) {
                probabilities[id] = Math.exp((logits[offset + id] - logits[offset + best]) / temperature);
                total += probabilities[id];
            }
        }
        if (!(total > 0 && Double.isFinite(total))) {
            // NaN logits give a NaN mass, and no nucleus could be drawn from
            throw new IllegalStateException("the model's next-token logits are not finite (NaN or infinite): its"
                    + " weights have diverged");
        }
        Integer[] ranked = new Integer[vocab];
        for (int id = 0; id < vocab; id++) {
            ranked[id] = id;
        }
        java.util.Arrays.sort(ranked, (a, b) -> Double.compare(probabilities[b], probabilities[a]));

        // keep the smallest prefix of the ranking whose mass reaches top-p, then draw within it
        double kept = 0;
        int size = 0;
        while (size < vocab && kept < topP * total) {
            kept += probabilities[ranked[size]];
            size++;
        }
        double draw = random.nextDouble() * kept;
        for (int i = 0; i < size; i++) {
            draw -= probabilities[ranked[i]];
            if (draw < 0) {
                return ranked[i];
            }
        }
        return ranked[size - 1];
    }

    private static int argMax(float[] logits, int offset, int vocab, SpecialIds specials) {
        int best = -1;
        for (int id = 0; id < vocab; id++) {
            if (allowed(id, specials) && (best < 0 || logits[offset + id] > logits[offset + best])) {
                best = id;
            }
        }
        return best;
    }

    private static boolean allowed(int id, SpecialIds specials) {
        return id != specials.bos() && id != specials.pad();
    }
}

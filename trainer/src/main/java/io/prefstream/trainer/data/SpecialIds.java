package io.prefstream.trainer.data;

/**
 * The three special ids of a vocabulary, which always follow the tokenizer's own ids.
 *
 * <p>A tokenizer with {@code n} ids gives a model vocabulary of {@code n + 3}: BOS is {@code n},
 * EOS {@code n + 1} and PAD {@code n + 2}. So the special ids are the last three of any model
 * vocabulary, and code that only knows the vocabulary size (the sampler, the token picker) can
 * still tell them apart. For the byte tokenizer {@code n = 256}.
 *
 * @param bos beginning of sequence, always at position 0
 * @param eos end of sequence, after a complete response
 * @param pad padding; never scored and never sampled
 */
public record SpecialIds(int bos, int eos, int pad) {

    /** Number of special ids appended to a tokenizer's ids. */
    public static final int COUNT = 3;

    /** Validates the layout: three consecutive ids, BOS first. */
    public SpecialIds {
        if (bos < 0 || eos != bos + 1 || pad != bos + 2) {
            throw new IllegalArgumentException("special ids must be three consecutive ids bos, eos, pad, got "
                    + bos + ", " + eos + ", " + pad);
        }
    }

    /** Returns the special ids of a model vocabulary of the given size: its last three ids. */
    public static SpecialIds forVocabulary(int vocabSize) {
        if (vocabSize <= COUNT) {
            throw new IllegalArgumentException("a vocabulary needs more than " + COUNT + " ids, got " + vocabSize);
        }
        return new SpecialIds(vocabSize - COUNT, vocabSize - 2, vocabSize - 1);
    }

    /** Returns whether an id is one of the three. */
    public boolean isSpecial(int id) {
        return id >= bos && id <= pad;
    }
}

package io.prefstream.trainer.model;

import java.util.Locale;

import io.prefstream.trainer.data.ByteTokenizer;

/**
 * Shape of the decoder-only language model.
 *
 * @param preset the preset name this spec came from
 * @param vocabSize vocabulary size: the tokenizer's ids plus its three special ids ({@link ByteTokenizer#VOCAB_SIZE}
 *     for the byte tokenizer)
 * @param modelDim width of the residual stream
 * @param layers number of decoder blocks
 * @param heads attention heads per block; divides {@code modelDim}
 * @param ffnDim hidden width of each MLP
 * @param maxPositions rows of the learned position table, the longest sequence the model reads
 */
public record ModelSpec(String preset, int vocabSize, int modelDim, int layers, int heads, int ffnDim,
        int maxPositions) {

    /** Preset for tests: d = 32, one block, 2 heads, MLP 64. */
    public static final String TINY = "tiny";

    /** Preset for the demo, sized to train on two CPU cores in minutes: d = 128, 2 blocks, 4 heads, MLP 512. */
    public static final String SMALL = "small";

    /** Preset for machines with more compute: d = 256, 4 blocks, 8 heads, MLP 1024. */
    public static final String BASE = "base";

    /** Validates the shape. */
    public ModelSpec {
        if (modelDim < 1 || layers < 1 || heads < 1 || ffnDim < 1 || maxPositions < 2) {
            throw new IllegalArgumentException("model dimensions must be positive: " + modelDim + "/" + layers
                    + "/" + heads + "/" + ffnDim + "/" + maxPositions);
        }
        if (modelDim % heads != 0) {
            throw new IllegalArgumentException("heads " + heads + " must divide model dim " + modelDim);
        }
    }

    /**
     * Returns a preset's spec for the byte tokenizer's vocabulary.
     *
     * @param preset {@code tiny}, {@code small} or {@code base}
     * @param maxPositions the longest sequence the model must read
     */
    public static ModelSpec preset(String preset, int maxPositions) {
        return preset(preset, maxPositions, ByteTokenizer.VOCAB_SIZE);
    }

    /**
     * Returns a preset's spec.
     *
     * @param preset {@code tiny}, {@code small} or {@code base}
     * @param maxPositions the longest sequence the model must read
     * @param vocab the vocabulary size, special ids included
     */
    public static ModelSpec preset(String preset, int maxPositions, int vocab) {
        return switch (preset.toLowerCase(Locale.ROOT)) {
            case TINY -> new ModelSpec(TINY, vocab, 32, 1, 2, 64, maxPositions);
            case SMALL -> new ModelSpec(SMALL, vocab, 128, 2, 4, 512, maxPositions);
            case BASE -> new ModelSpec(BASE, vocab, 256, 4, 8, 1024, maxPositions);
            default -> throw new IllegalArgumentException("unknown model preset '" + preset
                    + "', expected tiny, small or base");
        };
    }

    /** Returns the width of one attention head. */
    public int headDim() {
        return modelDim / heads;
    }
}

package io.prefstream.trainer.data;

/**
 * Encodes prompt and response into one {@link TokenizedSequence} under the length limits.
 *
 * <p>Prompt and response are tokenised separately and concatenated, so no token spans the seam.
 * Truncation policy: the response keeps at most {@code maxResponseTokens} tokens (a cut response
 * gets no EOS, since it did not end there); then the prompt is cut from the left, right after
 * BOS, until the whole sequence fits {@code maxSequenceLength}. Cuts are counted.
 *
 * <p>Not thread-safe: the counters are plain fields.
 */
public final class SequenceEncoder {

    private final TextTokenizer tokenizer;
    private final SpecialIds specials;
    private final int maxSequenceLength;
    private final int maxResponseTokens;
    private long sequences;
    private long responsesTruncated;
    private long promptsTruncated;
    private long promptTokensCut;

    /**
     * Creates an encoder for the byte tokenizer.
     *
     * @param maxSequenceLength most ids per sequence, BOS and EOS included
     * @param maxResponseTokens most response tokens kept, EOS excluded; at most {@code maxSequenceLength - 2}
     */
    public SequenceEncoder(int maxSequenceLength, int maxResponseTokens) {
        this(maxSequenceLength, maxResponseTokens, ByteTokenizer.INSTANCE);
    }

    /**
     * Creates an encoder.
     *
     * @param maxSequenceLength most ids per sequence, BOS and EOS included
     * @param maxResponseTokens most response tokens kept, EOS excluded; at most {@code maxSequenceLength - 2}
     * @param tokenizer turns text into ids and fixes the special ids; not closed by the encoder
     */
    public SequenceEncoder(int maxSequenceLength, int maxResponseTokens, TextTokenizer tokenizer) {
        if (maxResponseTokens < 1 || maxResponseTokens > maxSequenceLength - 2) {
            throw new IllegalArgumentException("max response tokens must be in [1, " + (maxSequenceLength - 2)
                    + "] for max sequence length " + maxSequenceLength + ", got " + maxResponseTokens);
        }
        this.tokenizer = tokenizer;
        this.specials = tokenizer.specials();
        this.maxSequenceLength = maxSequenceLength;
        this.maxResponseTokens = maxResponseTokens;
    }

    /** Encodes a formatted prompt and a complete response, each tokenised on its own. */
    public TokenizedSequence encode(String prompt, String response) {
        return encode(tokenizer.encode(prompt), tokenizer.encode(response), true);
    }

    /**
     * Encodes prompt and response ids.
     *
     * @param promptIds the formatted prompt's ids
     * @param responseIds the response's ids
     * @param complete whether the response ended by itself and therefore gets an EOS
     */
    public TokenizedSequence encode(int[] promptIds, int[] responseIds, boolean complete) {
        sequences++;
        int kept = Math.min(responseIds.length, maxResponseTokens);
        boolean withEos = complete && kept == responseIds.length;
        if (kept < responseIds.length) {
            responsesTruncated++;
        }
        int eos = withEos ? 1 : 0;
        int promptRoom = maxSequenceLength - 1 - kept - eos;
        int promptKept = Math.min(promptIds.length, promptRoom);
        int cut = promptIds.length - promptKept;
        if (cut > 0) {
            promptsTruncated++;
            promptTokensCut += cut;
        }
        int[] tokens = new int[1 + promptKept + kept + eos];
        tokens[0] = specials.bos();
        System.arraycopy(promptIds, cut, tokens, 1, promptKept);
        System.arraycopy(responseIds, 0, tokens, 1 + promptKept, kept);
        if (withEos) {
            tokens[tokens.length - 1] = specials.eos();
        }
        return new TokenizedSequence(tokens, 1 + promptKept, specials);
    }

    /**
     * Returns the generation context {@code [BOS, prompt...]}, the prompt cut from the left so that
     * {@code reserve} new tokens still fit. These cuts are not counted: the context is not trained on.
     */
    public int[] context(int[] promptIds, int reserve) {
        int promptKept = Math.max(0, Math.min(promptIds.length, maxSequenceLength - 1 - reserve));
        int[] tokens = new int[1 + promptKept];
        tokens[0] = specials.bos();
        System.arraycopy(promptIds, promptIds.length - promptKept, tokens, 1, promptKept);
        return tokens;
    }

    /** Returns the tokenizer the encoder's ids come from. */
    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    /** Returns the most ids per sequence. */
    public int maxSequenceLength() {
        return maxSequenceLength;
    }

    /** Returns the counts so far. */
    public TruncationStats stats() {
        return new TruncationStats(sequences, responsesTruncated, promptsTruncated, promptTokensCut);
    }
}

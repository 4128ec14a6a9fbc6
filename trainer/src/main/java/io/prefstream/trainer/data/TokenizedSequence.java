package io.prefstream.trainer.data;

import java.util.Arrays;

/**
 * One scored sequence {@code [BOS, prompt..., response..., (EOS)]}.
 *
 * <p>The model reads {@code tokens[0..n-2]} and predicts {@code tokens[1..n-1]}; the scored
 * targets are exactly the response tokens and the EOS when present, that is the token indices
 * {@code responseStart..n-1}.
 *
 * @param tokens the ids, BOS first
 * @param responseStart index of the first response token (equal to the length when the response is empty
 *     and has no EOS)
 * @param specials the special ids of the vocabulary the ids come from
 */
public record TokenizedSequence(int[] tokens, int responseStart, SpecialIds specials) {

    /** Validates the layout. */
    public TokenizedSequence {
        if (tokens.length < 2 || tokens[0] != specials.bos()) {
            throw new IllegalArgumentException("a sequence needs BOS and at least one more token, got length "
                    + tokens.length);
        }
        if (responseStart < 1 || responseStart > tokens.length) {
            throw new IllegalArgumentException("response start " + responseStart + " outside [1, "
                    + tokens.length + "]");
        }
    }

    /** Returns the number of ids. */
    public int length() {
        return tokens.length;
    }

    /** Returns the number of scored targets: response tokens plus EOS when present. */
    public int scoredCount() {
        return tokens.length - responseStart;
    }

    /** Returns whether the target at input position {@code position} (predicting token position+1) is scored. */
    public boolean isScoredTarget(int position) {
        return position + 1 >= responseStart && position + 1 < tokens.length;
    }

    /** Returns the response ids, without EOS. */
    public int[] responseIds() {
        int end = tokens.length;
        if (end > responseStart && tokens[end - 1] == specials.eos()) {
            end--;
        }
        return Arrays.copyOfRange(tokens, responseStart, end);
    }

    /** Returns the prompt ids, without BOS. */
    public int[] promptIds() {
        return Arrays.copyOfRange(tokens, 1, responseStart);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenizedSequence that
                && responseStart == that.responseStart
                && specials.equals(that.specials)
                && Arrays.equals(tokens, that.tokens);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(tokens) + responseStart;
    }

    @Override
    public String toString() {
        return "TokenizedSequence[length=" + tokens.length + ", responseStart=" + responseStart + "]";
    }
}

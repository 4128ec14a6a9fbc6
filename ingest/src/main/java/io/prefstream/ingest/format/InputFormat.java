package io.prefstream.ingest.format;

/** Shape of an input record; {@link #AUTO} detects it per record. */
public enum InputFormat {
    /** Decide per record from the fields present. */
    AUTO,
    /** {@code prompt}, {@code chosen}, {@code rejected} as strings. */
    PREFERENCE,
    /** Anthropic HH-RLHF: {@code chosen} and {@code rejected} are whole Human/Assistant transcripts. */
    HH,
    /** Chat message lists: {@code chosen}/{@code rejected} lists, optional {@code prompt} or {@code messages}. */
    CHAT,
    /** Pairwise judgments: {@code prompt}, {@code response_a}, {@code response_b}, {@code winner} or {@code choice}. */
    PAIRWISE
}

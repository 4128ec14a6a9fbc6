package io.prefstream.trainer.data;

/**
 * Counts of what {@link SequenceEncoder} had to cut.
 *
 * @param sequences sequences encoded
 * @param responsesTruncated responses cut to the response cap (they then carry no EOS)
 * @param promptsTruncated prompts cut from the left to fit the sequence length
 * @param promptTokensCut prompt tokens removed in total
 */
public record TruncationStats(long sequences, long responsesTruncated, long promptsTruncated, long promptTokensCut) {
}

package io.prefstream.trainer.round;

/**
 * One response the round's policy sampled for a fixed eval prompt, kept for people to read.
 *
 * <p>This is user text: it goes to {@code report.json} and the demo's summary, never to a log line.
 *
 * @param prompt the end of the formatted prompt, at most {@link #PROMPT_DISPLAY_CHARS} characters; a cut
 *     prompt starts with {@link #CUT}
 * @param response the sampled response, decoded
 * @param complete whether the policy ended the response itself (otherwise it hit {@code max_new_tokens})
 */
public record SampleGeneration(String prompt, String response, boolean complete) {

    /** Most prompt characters kept for display, counted from the end, where the response follows. */
    public static final int PROMPT_DISPLAY_CHARS = 240;

    /** Marks a prompt cut for display. */
    public static final String CUT = "\u2026";

    /** Returns a sample with the prompt cut to its last {@link #PROMPT_DISPLAY_CHARS} characters. */
    public static SampleGeneration of(String prompt, String response, boolean complete) {
        return new SampleGeneration(tail(prompt, PROMPT_DISPLAY_CHARS), response, complete);
    }

    /** Returns the last {@code limit} characters of the text (not splitting a surrogate pair), marked if cut. */
    public static String tail(String text, int limit) {
        if (text.length() <= limit) {
            return text;
        }
        int start = text.length() - limit;
        if (Character.isLowSurrogate(text.charAt(start))) {
            start++;
        }
        return CUT + text.substring(start);
    }
}

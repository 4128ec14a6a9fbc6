package io.prefstream.trainer.data;

/**
 * The one prompt template of the trainer, the Anthropic HH dialogue format.
 *
 * <p>A prompt that already carries HH markers is used as it is; a plain prompt is wrapped as
 * {@code "\n\nHuman: " + prompt + "\n\nAssistant:"}. Responses follow the template directly, so
 * HH responses keep their leading space.
 */
public final class PromptFormat {

    /** Marker that opens a human turn. */
    public static final String HUMAN = "\n\nHuman:";

    /** Marker that opens an assistant turn; a formatted prompt ends with it. */
    public static final String ASSISTANT = "\n\nAssistant:";

    private PromptFormat() {
    }

    /** Returns the prompt in the HH template, wrapping it when it has no human marker. */
    public static String format(String prompt) {
        if (prompt.contains(HUMAN)) {
            return prompt;
        }
        return HUMAN + " " + prompt + ASSISTANT;
    }
}

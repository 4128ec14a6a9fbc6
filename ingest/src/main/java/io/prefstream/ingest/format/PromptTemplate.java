package io.prefstream.ingest.format;

import io.prefstream.schemas.v1.ChatMessage;
import java.util.List;

/**
 * The project's single prompt template, shared by ingest (chat prompts) and the trainer (plain prompts).
 *
 * <p>Each message is written as {@code "\n\n" + Role + ": " + content} with Role one of System, Human (for
 * user) and Assistant; a prompt ends with {@code "\n\nAssistant:"}, the HH-RLHF convention.
 */
public final class PromptTemplate {

    /** Marker that opens a human turn. */
    public static final String HUMAN_MARKER = "\n\nHuman:";

    /** Marker that opens an assistant turn; every rendered prompt ends with it. */
    public static final String ASSISTANT_MARKER = "\n\nAssistant:";

    private PromptTemplate() {
    }

    /**
     * Renders a prompt conversation, ending with the assistant marker.
     *
     * @throws IllegalArgumentException if a message has a role other than system, user or assistant
     */
    public static String render(final List<ChatMessage> messages) {
        final StringBuilder out = new StringBuilder();
        for (final ChatMessage message : messages) {
            appendTurn(out, message);
        }
        return out.append(ASSISTANT_MARKER).toString();
    }

    /**
     * Renders a response that spans several messages: the first message's content as is, each later message
     * as a template turn, so that a rendered prompt followed by this text reads as one transcript.
     *
     * @throws IllegalArgumentException if the list is empty or a role is unknown
     */
    public static String renderContinuation(final List<ChatMessage> messages) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a response needs at least one message");
        }
        final StringBuilder out = new StringBuilder(messages.get(0).getContent());
        for (final ChatMessage message : messages.subList(1, messages.size())) {
            appendTurn(out, message);
        }
        return out.toString();
    }

    /**
     * Wraps a plain-text prompt in the template: returned unchanged if it already contains the human marker,
     * otherwise as {@code "\n\nHuman: " + prompt + "\n\nAssistant:"}.
     */
    public static String wrapPlain(final String prompt) {
        if (prompt.contains(HUMAN_MARKER)) {
            return prompt;
        }
        return HUMAN_MARKER + " " + prompt + ASSISTANT_MARKER;
    }

    private static void appendTurn(final StringBuilder out, final ChatMessage message) {
        final ChatRole role = ChatRole.parse(message.getRole()).orElseThrow(
                () -> new IllegalArgumentException("unknown chat role '" + message.getRole()
                        + "', expected system, user or assistant"));
        out.append("\n\n").append(role.label()).append(": ").append(message.getContent());
    }
}

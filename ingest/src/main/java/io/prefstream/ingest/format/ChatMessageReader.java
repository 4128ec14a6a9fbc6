package io.prefstream.ingest.format;

import com.fasterxml.jackson.databind.JsonNode;
import io.prefstream.schemas.v1.ChatMessage;
import java.util.ArrayList;
import java.util.List;

/** Reads a JSON list of {@code {"role": ..., "content": ...}} messages, checking roles and types. */
final class ChatMessageReader {

    private ChatMessageReader() {
    }

    /**
     * Returns the messages with roles in lower case and content as the parsed tree holds it.
     *
     * @param list  a JSON array
     * @param field the top-level field the list came from, for rejections
     */
    static List<ChatMessage> read(final JsonNode list, final String field) {
        final List<ChatMessage> messages = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            messages.add(readMessage(list.get(i), field, field + "[" + i + "]"));
        }
        return messages;
    }

    /** Rejects a prompt with no message or only blank messages as {@link RejectReason#EMPTY_PROMPT}. */
    static void requireText(final List<ChatMessage> prompt, final String field) {
        for (final ChatMessage message : prompt) {
            if (!VisibleText.isBlank(message.getContent())) {
                return;
            }
        }
        throw new RecordRejection(RejectReason.EMPTY_PROMPT, field, String.format(
                "the prompt (%d messages) has no text", prompt.size()));
    }

    private static ChatMessage readMessage(final JsonNode element, final String field, final String path) {
        if (!element.isObject()) {
            throw JsonFields.wrongType(field, path, element, "an object with role and content");
        }
        final String roleName = JsonFields.text(element.get("role"), field, path + ".role");
        final ChatRole role = ChatRole.parse(roleName).orElseThrow(() -> new RecordRejection(
                RejectReason.UNKNOWN_ROLE, field, path + ".role is not one of system, user, assistant"));
        final String content = JsonFields.text(element.get("content"), field, path + ".content");
        return new ChatMessage(role.wireName(), content);
    }
}

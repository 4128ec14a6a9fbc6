package io.prefstream.ingest.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prefstream.schemas.v1.ChatMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts chat records: {@code chosen} and {@code rejected} are message lists (or a string, read as one
 * assistant message), optionally after an explicit prompt in {@code prompt} (a list, or a string read as one
 * user message) or, when there is no prompt, {@code messages}.
 *
 * <p>Each side's conversation is the prompt followed by its response list, or the response list alone when both
 * lists already begin with the prompt's messages. The prompt stored is the shared
 * prefix of the two conversations, up to the first message in which they differ, which must be an assistant
 * message on both sides (see {@link ResponseSplit}). Each response is the rest of its conversation: usually one
 * assistant message's content; further messages are appended in the project template. Chosen and rejected are
 * both lists or both strings: a string beside a list is a response of the wrong type, not a one-message
 * conversation that lacks the other side's prompt.
 */
final class ChatConverter implements PairConverter {

    @Override
    public ConvertedPair convert(final ObjectNode node) {
        requireSameResponseType(node, "chosen", "rejected");
        requireSameResponseType(node, "rejected", "chosen");
        final List<ChatMessage> prompt = explicitPrompt(node);
        final List<ChatMessage> chosenList = responseList(node, "chosen");
        final List<ChatMessage> rejectedList = responseList(node, "rejected");
        // Some exports (UltraFeedback's binarized sets among them) give the prompt and also start both
        // lists with it; prepending it again would store every such prompt twice.
        final List<ChatMessage> before = startsWith(chosenList, prompt) && startsWith(rejectedList, prompt)
                ? List.of() : prompt;
        final List<ChatMessage> chosen = conversation(before, chosenList, "chosen");
        final List<ChatMessage> rejected = conversation(before, rejectedList, "rejected");
        final int split = splitIndex(chosen, rejected);
        final List<ChatMessage> shared = List.copyOf(chosen.subList(0, split));
        ChatMessageReader.requireText(shared, "prompt");
        return new ConvertedPair(PromptTemplate.render(shared), shared,
                PromptTemplate.renderContinuation(chosen.subList(split, chosen.size())),
                PromptTemplate.renderContinuation(rejected.subList(split, rejected.size())));
    }

    /** Rejects {@code field} as a string when {@code other} is a message list. */
    private static void requireSameResponseType(final ObjectNode node, final String field, final String other) {
        final JsonNode value = node.get(field);
        final JsonNode otherValue = node.get(other);
        if (value != null && value.isTextual() && otherValue != null && otherValue.isArray()) {
            throw JsonFields.wrongType(field, field, value, "a message list, as " + other + " is");
        }
    }

    private static List<ChatMessage> explicitPrompt(final ObjectNode node) {
        final String field = JsonFields.present(node, "prompt") ? "prompt" : "messages";
        final JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        return messages(value, field, ChatRole.USER);
    }

    private static List<ChatMessage> responseList(final ObjectNode node, final String field) {
        final JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw JsonFields.missing(field, field);
        }
        final List<ChatMessage> response = messages(value, field, ChatRole.ASSISTANT);
        if (response.isEmpty()) {
            throw new RecordRejection(RejectReason.EMPTY_RESPONSE, field, field + " is an empty message list");
        }
        return response;
    }

    private static List<ChatMessage> conversation(final List<ChatMessage> prompt, final List<ChatMessage> response,
            final String field) {
        final List<ChatMessage> all = new ArrayList<>(prompt.size() + response.size());
        all.addAll(prompt);
        all.addAll(response);
        if (!ChatRole.ASSISTANT.wireName().equals(all.get(all.size() - 1).getRole())) {
            throw new RecordRejection(RejectReason.LAST_TURN_NOT_ASSISTANT, field, String.format(
                    "%s conversation (%d messages) ends with a %s message", field, all.size(),
                    all.get(all.size() - 1).getRole()));
        }
        return all;
    }

    /** Whether the list begins with every message of the prefix (a non-empty prefix, shorter than the list). */
    private static boolean startsWith(final List<ChatMessage> list, final List<ChatMessage> prefix) {
        if (prefix.isEmpty() || prefix.size() >= list.size()) {
            return false;
        }
        for (int i = 0; i < prefix.size(); i++) {
            if (!sameMessage(list.get(i), prefix.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Reads a message list, or a plain string as one message of the given role. */
    private static List<ChatMessage> messages(final JsonNode value, final String field, final ChatRole role) {
        if (value.isArray()) {
            return ChatMessageReader.read(value, field);
        }
        if (value.isTextual()) {
            return List.of(new ChatMessage(role.wireName(), JsonFields.text(value, field, field)));
        }
        throw JsonFields.wrongType(field, field, value, "a message list or a string");
    }

    /** Returns the index of the first message that belongs to the responses. */
    private static int splitIndex(final List<ChatMessage> chosen, final List<ChatMessage> rejected) {
        final int common = Math.min(chosen.size(), rejected.size());
        int first = 0;
        while (first < common && sameMessage(chosen.get(first), rejected.get(first))) {
            first++;
        }
        return ResponseSplit.responseStart(first, chosen.size(), rejected.size(), i -> isAssistant(chosen.get(i)),
                i -> isAssistant(rejected.get(i)), "message");
    }

    private static boolean sameMessage(final ChatMessage a, final ChatMessage b) {
        return a.getRole().equals(b.getRole()) && a.getContent().equals(b.getContent());
    }

    private static boolean isAssistant(final ChatMessage message) {
        return ChatRole.ASSISTANT.wireName().equals(message.getRole());
    }
}

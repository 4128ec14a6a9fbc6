package io.prefstream.ingest.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prefstream.schemas.v1.ChatMessage;
import java.util.List;

/**
 * Converts pairwise judgments ({@code prompt}, {@code response_a}, {@code response_b} and a winner label):
 * the winning response becomes chosen, the other rejected; ties are rejected, never oriented at random.
 * The prompt may be a string or a chat message list.
 */
final class PairwiseConverter implements PairConverter {

    @Override
    public ConvertedPair convert(final ObjectNode node) {
        final List<ChatMessage> messages = promptMessages(node.get("prompt"));
        final String prompt = messages == null
                ? JsonFields.requiredText(node, "prompt")
                : PromptTemplate.render(messages);
        final String responseA = JsonFields.requiredText(node, "response_a");
        final String responseB = JsonFields.requiredText(node, "response_b");
        final boolean aWins = WinnerLabel.read(node) == WinnerLabel.Side.A;
        return new ConvertedPair(prompt, messages, aWins ? responseA : responseB, aWins ? responseB : responseA);
    }

    /** Returns the prompt's messages when it is a list, otherwise null. */
    private static List<ChatMessage> promptMessages(final JsonNode prompt) {
        if (prompt == null || !prompt.isArray()) {
            return null;
        }
        final List<ChatMessage> messages = List.copyOf(ChatMessageReader.read(prompt, "prompt"));
        ChatMessageReader.requireText(messages, "prompt");
        return messages;
    }
}

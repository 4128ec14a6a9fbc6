package io.prefstream.ingest.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Collectors;

/** Decides a record's input format from the fields it has. */
final class FormatDetector {

    /** Fields only a pairwise judgment has: its two responses and its winner label. */
    private static final List<String> PAIRWISE_FIELDS = List.of("response_a", "response_b", "winner", "choice");

    /**
     * Fields by which every other format states its pair: the chosen and rejected response (or transcript, or
     * message list) and the chat conversation.
     */
    private static final List<String> CHOSEN_REJECTED_FIELDS = List.of("chosen", "rejected", "messages");

    private FormatDetector() {
    }

    /**
     * Rejects a record that carries the fields of a pairwise judgment together with those of another format:
     * whichever one the parser picked, the other pair would be dropped unseen, and it may state the opposite
     * preference. A {@code prompt} belongs to every format and is no sign of either. Runs whether the format is
     * detected or forced.
     *
     * @throws RecordRejection {@link RejectReason#AMBIGUOUS_FORMAT}, naming the fields of both sets the record has
     */
    static void requireOneFormat(final ObjectNode node) {
        final List<String> pairwise = presentFields(node, PAIRWISE_FIELDS);
        final List<String> chosenRejected = presentFields(node, CHOSEN_REJECTED_FIELDS);
        if (!pairwise.isEmpty() && !chosenRejected.isEmpty()) {
            throw new RecordRejection(RejectReason.AMBIGUOUS_FORMAT, null, String.format(
                    "record has the fields of two formats: %s (prompt/chosen/rejected, chat or HH) and %s "
                            + "(pairwise); send each judgment in one format",
                    String.join(", ", chosenRejected), String.join(", ", pairwise)));
        }
    }

    /**
     * Returns the format, checked in this order: pairwise ({@code response_a}/{@code response_b}), chat
     * ({@code messages}, or a message list in prompt, chosen or rejected), preference (a {@code prompt}), HH
     * (a chosen or rejected transcript containing the human marker). Callers first run {@link #requireOneFormat},
     * so that the order decides only between formats whose fields do not overlap.
     *
     * @throws RecordRejection {@link RejectReason#MISSING_FIELD} for chosen/rejected without any prompt, and
     *                         {@link RejectReason#UNKNOWN_FORMAT} when no known field is present
     */
    static InputFormat detect(final ObjectNode node) {
        if (JsonFields.present(node, "response_a") || JsonFields.present(node, "response_b")) {
            return InputFormat.PAIRWISE;
        }
        if (JsonFields.present(node, "messages") || isArray(node, "prompt") || isArray(node, "chosen")
                || isArray(node, "rejected")) {
            return InputFormat.CHAT;
        }
        if (JsonFields.present(node, "prompt")) {
            return InputFormat.PREFERENCE;
        }
        if (isTranscript(node, "chosen") || isTranscript(node, "rejected")) {
            return InputFormat.HH;
        }
        if (node.has("chosen") || node.has("rejected")) {
            throw new RecordRejection(RejectReason.MISSING_FIELD, "prompt",
                    "prompt is missing and chosen/rejected are not HH transcripts");
        }
        throw new RecordRejection(RejectReason.UNKNOWN_FORMAT, null,
                "none of prompt, chosen, rejected, messages, response_a, response_b is present");
    }

    /** Returns those of the fields the record has with a value other than null, in the given order. */
    private static List<String> presentFields(final ObjectNode node, final List<String> fields) {
        return fields.stream().filter(field -> JsonFields.present(node, field)).collect(Collectors.toList());
    }

    private static boolean isArray(final ObjectNode node, final String field) {
        final JsonNode value = node.get(field);
        return value != null && value.isArray();
    }

    private static boolean isTranscript(final ObjectNode node, final String field) {
        final JsonNode value = node.get(field);
        return value != null && value.isTextual() && value.textValue().contains(PromptTemplate.HUMAN_MARKER);
    }
}

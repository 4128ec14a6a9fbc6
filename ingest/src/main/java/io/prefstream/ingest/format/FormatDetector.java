package io.prefstream.ingest.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Decides a record's input format from the fields it has. */
final class FormatDetector {

    private FormatDetector() {
    }

    /**
     * Returns the format, checked in this order: pairwise ({@code response_a}/{@code response_b}), chat
     * ({@code messages}, or a message list in prompt, chosen or rejected), preference (a {@code prompt}), HH
     * (a chosen or rejected transcript containing the human marker).
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

    private static boolean isArray(final ObjectNode node, final String field) {
        final JsonNode value = node.get(field);
        return value != null && value.isArray();
    }

    private static boolean isTranscript(final ObjectNode node, final String field) {
        final JsonNode value = node.get(field);
        return value != null && value.isTextual() && value.textValue().contains(PromptTemplate.HUMAN_MARKER);
    }
}

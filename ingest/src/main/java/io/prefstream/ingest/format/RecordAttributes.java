package io.prefstream.ingest.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The optional fields of a record: id, annotator, votes, creation time and free-form metadata.
 *
 * @param id          the submitter's id, or the record reference when it gave none
 * @param annotatorId {@code annotator_id} or {@code annotator}, or null
 * @param votes       {@code votes}, default 1
 * @param createdAt   {@code created_at} (ISO-8601, or epoch milliseconds), or the time the record arrived
 * @param metadata    other top-level scalar fields as strings, in input order; nested values are skipped
 */
record RecordAttributes(String id, String annotatorId, int votes, Instant createdAt, Map<String, String> metadata) {

    /** Fields with a meaning of their own, never copied into metadata. */
    static final Set<String> KNOWN_FIELDS = Set.of("id", "prompt", "chosen", "rejected", "messages",
            "response_a", "response_b", "winner", "choice", "annotator_id", "annotator", "votes", "created_at");

    private static final int MIN_VOTES = 1;

    /** Reads the attributes of a record. */
    static RecordAttributes read(final ObjectNode node, final String recordRef,
            final ParserConfig config) {
        final String id = optionalLabel(node, "id");
        final String annotator = optionalLabel(node, JsonFields.present(node, "annotator_id")
                ? "annotator_id" : "annotator");
        return new RecordAttributes(id == null || VisibleText.isBlank(id) ? recordRef : id, annotator, votes(node),
                createdAt(node), metadata(node, config));
    }

    /** Reads a string or integer field as a string, or null when absent. */
    private static String optionalLabel(final ObjectNode node, final String field) {
        final JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return value.asText();
        }
        final String label = JsonFields.text(value, field, field);
        // ids and annotators appear in logs and dead-letter details
        LogSafeText.requireSafe(label, field);
        return label;
    }

    private static int votes(final ObjectNode node) {
        final JsonNode value = node.get("votes");
        if (value == null || value.isNull()) {
            return 1;
        }
        if (!value.isIntegralNumber()) {
            throw JsonFields.wrongType("votes", "votes", value, "an integer");
        }
        if (!value.canConvertToInt()) {
            // Beyond 32 bits, and possibly a hundred digits long: the detail gives the range, not the value.
            throw new RecordRejection(RejectReason.INVALID_VALUE, "votes", String.format(
                    "votes is an integer out of range, expected %d to %d", MIN_VOTES, Integer.MAX_VALUE));
        }
        if (value.intValue() < MIN_VOTES) {
            throw new RecordRejection(RejectReason.INVALID_VALUE, "votes",
                    "votes is " + value.intValue() + ", expected at least " + MIN_VOTES);
        }
        return value.intValue();
    }

    private static Instant createdAt(final ObjectNode node) {
        final JsonNode value = node.get("created_at");
        if (value == null || value.isNull()) {
            // Arrival time stays on the Kafka record; putting it here would make snapshots of the
            // same input differ from run to run.
            return null;
        }
        if (value.isIntegralNumber()) {
            if (!value.canConvertToLong()) {
                throw TimestampParser.outOfRange("created_at");
            }
            return TimestampParser.inRange(Instant.ofEpochMilli(value.longValue()), "created_at");
        }
        if (!value.isTextual()) {
            throw JsonFields.wrongType("created_at", "created_at", value, "an ISO-8601 string or epoch millis");
        }
        return TimestampParser.parse(value.textValue(), "created_at");
    }

    private static Map<String, String> metadata(final ObjectNode node, final ParserConfig config) {
        final Map<String, String> metadata = new LinkedHashMap<>();
        for (final Map.Entry<String, JsonNode> field : node.properties()) {
            final JsonNode value = field.getValue();
            if (KNOWN_FIELDS.contains(field.getKey()) || !value.isValueNode() || value.isNull()) {
                continue;
            }
            final String text = value.asText();
            // Keys and values are stored as they are, so they get the check every other stored text gets.
            final int number = metadata.size() + 1;
            JsonFields.requireNoLoneSurrogate(field.getKey(), "metadata", "metadata key number " + number);
            JsonFields.requireNoLoneSurrogate(text, "metadata", "metadata value number " + number);
            if (text.length() > config.maxFieldChars()) {
                throw new RecordRejection(RejectReason.FIELD_TOO_LARGE, "metadata", String.format(
                        "metadata value number %d has %d chars, more than the limit of %d",
                        metadata.size() + 1, text.length(), config.maxFieldChars()));
            }
            metadata.put(field.getKey(), text);
        }
        return metadata;
    }
}

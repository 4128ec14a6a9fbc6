package io.prefstream.ingest.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prefstream.schemas.v1.ChatMessage;
import io.prefstream.schemas.v1.PreferenceRecord;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a {@link PreferenceRecord} as the JSON judgment that {@link JudgmentParser} reads back as the same
 * judgment, so that records from the project's own Avro files pass exactly the checks any other input passes.
 *
 * <p>Written: {@code id}; the prompt, as its messages when it has any (read back as a chat record whose prompt
 * renders to the same text) and as its text otherwise; {@code chosen}; {@code rejected}; {@code annotator_id}
 * when set; {@code votes}; {@code created_at} as epoch milliseconds when set; and each metadata entry as a
 * top-level string, which the parser keeps as metadata. Not written: {@code source}, which travels in the raw
 * message's header, and {@code content_key} and {@code pair_key}, which the parser computes again from the
 * text under its own normalisation settings: a file cut under other settings, or written by another tool,
 * must not bring in keys that do not match its text. Thread-safe.
 */
public final class PreferenceJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private PreferenceJson() {
    }

    /**
     * Returns a metadata key that the JSON form cannot carry, if the record has one: a key that the parser
     * reads as a field of its own ({@code prompt}, {@code votes}, {@code winner}, ...), so that writing it would
     * change how the record is read. The parser never stores such keys as metadata; only a file written by
     * another tool can hold them.
     */
    public static Optional<String> reservedMetadataKey(final PreferenceRecord record) {
        return record.getMetadata().keySet().stream()
                .filter(RecordAttributes.KNOWN_FIELDS::contains)
                .sorted()
                .findFirst();
    }

    /**
     * Returns the record as one JSON object in UTF-8.
     *
     * @throws IllegalArgumentException if {@link #reservedMetadataKey} finds a key
     */
    public static byte[] write(final PreferenceRecord record) {
        reservedMetadataKey(record).ifPresent(key -> {
            throw new IllegalArgumentException("record " + record.getId() + ": metadata key '" + key
                    + "' is a field of the JSON judgment form");
        });
        final ObjectNode node = MAPPER.createObjectNode();
        node.put("id", record.getId());
        final List<ChatMessage> messages = record.getPromptMessages();
        if (messages == null || messages.isEmpty()) {
            node.put("prompt", record.getPrompt());
        } else {
            final ArrayNode prompt = node.putArray("prompt");
            for (final ChatMessage message : messages) {
                prompt.addObject().put("role", message.getRole()).put("content", message.getContent());
            }
        }
        node.put("chosen", record.getChosen());
        node.put("rejected", record.getRejected());
        if (record.getAnnotatorId() != null) {
            node.put("annotator_id", record.getAnnotatorId());
        }
        node.put("votes", record.getVotes());
        if (record.getCreatedAt() != null) {
            node.put("created_at", record.getCreatedAt().toEpochMilli());
        }
        for (final Map.Entry<String, String> entry : record.getMetadata().entrySet()) {
            node.put(entry.getKey(), entry.getValue());
        }
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("record " + record.getId() + " cannot be written as JSON", e);
        }
    }
}

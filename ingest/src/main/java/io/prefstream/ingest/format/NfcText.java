package io.prefstream.ingest.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Makes every string value of a parsed record Unicode NFC, in place, before any converter reads it.
 *
 * <p>Normalising the tree once, rather than each field as a converter reads it, puts the parser's NFC switch
 * in one place: with the switch off this class is not called, and text is stored exactly as received. It has
 * to happen before conversion, because converters compare text (the shared prefix of two chat conversations
 * or HH transcripts), and two spellings of one message must compare equal when NFC is on. Field names are left
 * alone; values are read after JSON unescaping, so a decomposed accent written as escapes is composed too.
 */
final class NfcText {

    private NfcText() {
    }

    /** Replaces each string value under the node that is not NFC with its NFC form. */
    static void normalise(final JsonNode root) {
        // Iterative, so that a deeply nested (hostile) record cannot exhaust the stack.
        final Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            final JsonNode node = pending.pop();
            if (node instanceof ObjectNode object) {
                normaliseFields(object, pending);
            } else if (node instanceof ArrayNode array) {
                normaliseElements(array, pending);
            }
        }
    }

    private static void normaliseFields(final ObjectNode object, final Deque<JsonNode> pending) {
        // Collected first: replacing a value while iterating over the fields is not allowed.
        final List<Map.Entry<String, String>> replacements = new ArrayList<>();
        for (final Map.Entry<String, JsonNode> field : object.properties()) {
            final JsonNode value = field.getValue();
            if (value.isTextual()) {
                final String nfc = ContentKey.nfc(value.textValue());
                if (!nfc.equals(value.textValue())) {
                    replacements.add(Map.entry(field.getKey(), nfc));
                }
            } else if (value.isContainerNode()) {
                pending.push(value);
            }
        }
        for (final Map.Entry<String, String> replacement : replacements) {
            object.set(replacement.getKey(), TextNode.valueOf(replacement.getValue()));
        }
    }

    private static void normaliseElements(final ArrayNode array, final Deque<JsonNode> pending) {
        for (int i = 0; i < array.size(); i++) {
            final JsonNode value = array.get(i);
            if (value.isTextual()) {
                final String nfc = ContentKey.nfc(value.textValue());
                if (!nfc.equals(value.textValue())) {
                    array.set(i, TextNode.valueOf(nfc));
                }
            } else if (value.isContainerNode()) {
                pending.push(value);
            }
        }
    }
}

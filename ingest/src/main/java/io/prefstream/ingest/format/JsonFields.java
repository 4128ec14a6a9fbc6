package io.prefstream.ingest.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** Typed reads of JSON fields that reject missing, null or mistyped values with the field named. */
final class JsonFields {

    private JsonFields() {
    }

    /** Returns a required top-level string field; see {@link #text}. */
    static String requiredText(final ObjectNode node, final String field) {
        return text(node.get(field), field, field);
    }

    /**
     * Returns a required string as the parsed tree holds it; {@link NfcText} has already made it NFC when the
     * parser's NFC switch is on, so no converter normalises on its own.
     *
     * @param value the JSON value, null when absent
     * @param field the top-level field it belongs to, reported as the rejection's field
     * @param path  where it sits, for the detail, for example {@code chosen[2].content}
     */
    static String text(final JsonNode value, final String field, final String path) {
        if (value == null || value.isNull()) {
            throw missing(field, path);
        }
        if (!value.isTextual()) {
            throw wrongType(field, path, value, "a string");
        }
        final String text = value.textValue();
        requireNoLoneSurrogate(text, field, path);
        return text;
    }

    /** Returns whether the field is present and not null. */
    static boolean present(final ObjectNode node, final String field) {
        return node.hasNonNull(field);
    }

    /** Returns the JSON type of a value as a fixed lower-case word: string, number, array, object, ... */
    static String typeName(final JsonNode value) {
        return value.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    static RecordRejection missing(final String field, final String path) {
        return new RecordRejection(RejectReason.MISSING_FIELD, field, path + " is missing or null");
    }

    static RecordRejection wrongType(final String field, final String path, final JsonNode value,
            final String expected) {
        return new RecordRejection(RejectReason.WRONG_TYPE, field,
                path + " is " + typeName(value) + ", expected " + expected);
    }

    /**
     * Rejects text with an unpaired surrogate (from a JSON escape), which cannot be written as UTF-8: the
     * stored record would silently hold {@code ?} in its place. Every text value that is stored passes here.
     */
    static void requireNoLoneSurrogate(final String text, final String field, final String path) {
        if (!hasSurrogate(text)) {
            return;
        }
        int i = 0;
        while (i < text.length()) {
            final int codePoint = text.codePointAt(i);
            if (Character.getType(codePoint) == Character.SURROGATE) {
                throw new RecordRejection(RejectReason.INVALID_UTF8, field, String.format(
                        "%s has an unpaired surrogate U+%04X at char %d", path, codePoint, i));
            }
            i += Character.charCount(codePoint);
        }
    }

    /** Returns whether any char is a surrogate; most text has none, and then needs no code point walk. */
    private static boolean hasSurrogate(final String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}

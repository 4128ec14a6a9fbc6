package io.prefstream.ingest.format;

import java.util.Locale;

/**
 * The characters a short identifier (record id, annotator, winner label) may not hold because it reaches log
 * lines and dead-letter details, and a safe way to quote such a name in a detail.
 *
 * <p>Refused: control characters (C0, DEL and C1, NEL among them: a line break or an escape sequence could forge
 * log lines or drive a terminal), the line and paragraph separators U+2028 and U+2029 (many log viewers break
 * lines there) and the bidirectional controls U+061C, U+200E, U+200F, U+202A to U+202E and U+2066 to U+2069
 * (they make a viewer show characters in another order than they are stored).
 */
final class LogSafeText {

    private static final int LINE_SEPARATOR = 0x2028;
    private static final int PARAGRAPH_SEPARATOR = 0x2029;
    private static final int ARABIC_LETTER_MARK = 0x061C;
    private static final int LEFT_TO_RIGHT_MARK = 0x200E;
    private static final int RIGHT_TO_LEFT_MARK = 0x200F;
    private static final int FIRST_EMBEDDING_CONTROL = 0x202A;
    private static final int LAST_EMBEDDING_CONTROL = 0x202E;
    private static final int FIRST_ISOLATE_CONTROL = 0x2066;
    private static final int LAST_ISOLATE_CONTROL = 0x2069;

    private static final String ELLIPSIS = "...";

    private LogSafeText() {
    }

    /** Returns whether the code point may not appear in a logged identifier. */
    static boolean isUnsafe(final int codePoint) {
        return Character.getType(codePoint) == Character.CONTROL
                || codePoint == LINE_SEPARATOR || codePoint == PARAGRAPH_SEPARATOR
                || isBidiControl(codePoint);
    }

    /**
     * Rejects the text if it holds an {@linkplain #isUnsafe unsafe} character; the detail names the field, the
     * character's code point and its index, never the text.
     *
     * @throws RecordRejection {@link RejectReason#INVALID_VALUE}
     */
    static void requireSafe(final String text, final String field) {
        requireSafe(text, 0, text.length(), field);
    }

    /**
     * Rejects the text if it holds an {@linkplain #isUnsafe unsafe} character between {@code start} (inclusive)
     * and {@code end} (exclusive); the index reported counts from the start of the whole text.
     *
     * @throws RecordRejection {@link RejectReason#INVALID_VALUE}
     */
    static void requireSafe(final String text, final int start, final int end, final String field) {
        int i = start;
        while (i < end) {
            final int codePoint = text.codePointAt(i);
            if (isUnsafe(codePoint)) {
                throw new RecordRejection(RejectReason.INVALID_VALUE, field, String.format(
                        "%s contains the %s U+%04X at index %d", field, kind(codePoint), codePoint, i));
            }
            i += Character.charCount(codePoint);
        }
    }

    /**
     * Returns the name in single quotes for a detail, each unsafe character (and any unpaired surrogate) written
     * as a backslash-u escape of four hex digits, and the name cut after {@code maxChars} chars (marked with
     * {@code ...}), so that a hostile name can neither break the log line nor make it long.
     */
    static String quote(final String name, final int maxChars) {
        final boolean cut = name.length() > maxChars;
        final String shown = cut ? name.substring(0, startOfCodePointAt(name, maxChars)) : name;
        final StringBuilder out = new StringBuilder(shown.length() + 8).append('\'');
        int i = 0;
        while (i < shown.length()) {
            final int codePoint = shown.codePointAt(i);
            if (isUnsafe(codePoint) || Character.getType(codePoint) == Character.SURROGATE) {
                out.append(String.format(Locale.ROOT, "\\u%04X", codePoint));
            } else {
                out.appendCodePoint(codePoint);
            }
            i += Character.charCount(codePoint);
        }
        return out.append(cut ? ELLIPSIS : "").append('\'').toString();
    }

    private static boolean isBidiControl(final int codePoint) {
        return codePoint == ARABIC_LETTER_MARK || codePoint == LEFT_TO_RIGHT_MARK || codePoint == RIGHT_TO_LEFT_MARK
                || (codePoint >= FIRST_EMBEDDING_CONTROL && codePoint <= LAST_EMBEDDING_CONTROL)
                || (codePoint >= FIRST_ISOLATE_CONTROL && codePoint <= LAST_ISOLATE_CONTROL);
    }

    private static String kind(final int codePoint) {
        if (codePoint == LINE_SEPARATOR || codePoint == PARAGRAPH_SEPARATOR) {
            return "line separator";
        }
        return isBidiControl(codePoint) ? "bidirectional control" : "control character";
    }

    /** Returns the index, moved back off the low half of a surrogate pair so that no pair is split. */
    private static int startOfCodePointAt(final String text, final int index) {
        return index > 0 && Character.isLowSurrogate(text.charAt(index)) && Character.isHighSurrogate(
                text.charAt(index - 1)) ? index - 1 : index;
    }
}

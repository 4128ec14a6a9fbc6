package io.prefstream.ingest.format;

/**
 * The one definition of white space the parser uses, and whether text shows anything to a reader.
 *
 * <p>{@link #isWhitespace} decides what the content-key trim ({@link ContentKey#normalise}), the
 * identical-responses check and label reading treat as white space; nothing else in the parser calls
 * {@link String#strip()} or {@link Character#isWhitespace} on its own. Java's own definition misses the no-break
 * spaces (U+00A0, U+2007, U+202F) and NEL (U+0085), so {@code "same\u00a0"} and {@code "same"} would differ while
 * {@code "same\u3000"} and {@code "same"} would not.
 *
 * <p>{@link #isBlank} is wider on purpose: a prompt of direction marks (U+200E), soft hyphens (U+00AD), escaped
 * NUL or other control and format characters shows nothing, and must not pass as text. Those characters are
 * invisible but, unlike white space, are not trimmed: they stay in the stored text and the content key, so only
 * the check is wider than the normalisation.
 */
final class VisibleText {

    private static final int NEXT_LINE = 0x85;

    private VisibleText() {
    }

    /**
     * Returns whether the code point is white space: Java's white space, any Unicode space separator (the no-break
     * ones included), line or paragraph separator, or NEL.
     */
    static boolean isWhitespace(final int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint) || codePoint == NEXT_LINE;
    }

    /** Returns whether the text has no code point other than white space, control or format characters. */
    static boolean isBlank(final String text) {
        int i = 0;
        while (i < text.length()) {
            final int codePoint = text.codePointAt(i);
            if (!isInvisible(codePoint)) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }

    /** Returns the text without trailing {@linkplain #isWhitespace white space}, the same instance if it has none. */
    static String stripTrailing(final String text) {
        final int end = contentEnd(text);
        return end == text.length() ? text : text.substring(0, end);
    }

    /** Returns the text without leading and trailing {@linkplain #isWhitespace white space}. */
    static String strip(final String text) {
        final int start = contentStart(text);
        return start == text.length() ? "" : text.substring(start, contentEnd(text));
    }

    /** Returns the index of the first code point that is not white space, or the length when there is none. */
    static int contentStart(final String text) {
        int start = 0;
        while (start < text.length()) {
            final int codePoint = text.codePointAt(start);
            if (!isWhitespace(codePoint)) {
                break;
            }
            start += Character.charCount(codePoint);
        }
        return start;
    }

    /** Returns the index just after the last code point that is not white space, or 0 when there is none. */
    static int contentEnd(final String text) {
        int end = text.length();
        while (end > 0) {
            final int codePoint = text.codePointBefore(end);
            if (!isWhitespace(codePoint)) {
                break;
            }
            end -= Character.charCount(codePoint);
        }
        return end;
    }

    private static boolean isInvisible(final int codePoint) {
        final int type = Character.getType(codePoint);
        return isWhitespace(codePoint) || type == Character.CONTROL || type == Character.FORMAT;
    }
}

package io.prefstream.ingest.format;

/**
 * Decides whether text shows anything to a reader, for the empty-prompt and empty-response checks.
 *
 * <p>{@link String#isBlank()} knows only {@link Character#isWhitespace}, so a prompt of no-break spaces
 * (U+00A0, U+202F), direction marks (U+200E), soft hyphens (U+00AD), escaped NUL or other control and format
 * characters would pass as text. Those characters are invisible but stay in the stored text and the content
 * key: only the check is wider than the normalisation, so no key changes.
 */
final class VisibleText {

    private VisibleText() {
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

    private static boolean isInvisible(final int codePoint) {
        final int type = Character.getType(codePoint);
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)
                || type == Character.CONTROL || type == Character.FORMAT;
    }
}

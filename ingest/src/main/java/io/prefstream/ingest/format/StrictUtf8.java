package io.prefstream.ingest.format;

import java.nio.charset.StandardCharsets;

/** Decodes bytes as UTF-8, refusing any malformed sequence instead of replacing it with U+FFFD. */
final class StrictUtf8 {

    private static final char REPLACEMENT = '\uFFFD';

    private StrictUtf8() {
    }

    /**
     * Returns the decoded text.
     *
     * @throws RecordRejection with {@link RejectReason#INVALID_UTF8}, giving the 0-based offset and value of
     *                         the first byte that does not start a valid sequence
     */
    static String decode(final byte[] bytes) {
        // The JDK's own lenient decoding is several times faster than a CharsetDecoder and gives the same
        // text for valid input; it replaces every malformed sequence with U+FFFD, so text without one came
        // from valid bytes. Only text with a U+FFFD (damaged, or one written on purpose) is checked strictly,
        // which finds the offset of the first bad byte.
        final String lenient = new String(bytes, StandardCharsets.UTF_8);
        if (lenient.indexOf(REPLACEMENT) < 0) {
            return lenient;
        }
        final int offset = Utf8Validation.firstInvalidByte(bytes);
        if (offset >= 0) {
            throw invalidByte(bytes, offset);
        }
        return lenient;
    }

    private static RecordRejection invalidByte(final byte[] bytes, final int offset) {
        return new RecordRejection(RejectReason.INVALID_UTF8, null, String.format(
                "invalid UTF-8 at byte offset %d (0x%02X) of %d bytes", offset, bytes[offset] & 0xFF, bytes.length));
    }
}

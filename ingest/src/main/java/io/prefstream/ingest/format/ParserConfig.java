package io.prefstream.ingest.format;

import java.util.Objects;

/**
 * Immutable settings of a {@link JudgmentParser}.
 *
 * <p>The four normalisation switches apply to the content key and to the empty/identical checks. The NFC
 * switch also decides what is stored: on, every string is made NFC as it is read, so the stored text is NFC;
 * off, text is stored as received and the key is computed without NFC, so two spellings of one accent stay
 * apart. Apart from NFC, stored text is always verbatim.
 *
 * @param maxRecordBytes         largest accepted record in bytes; default {@value #DEFAULT_MAX_RECORD_BYTES}, which
 *                               leaves room for the envelope under Kafka's default 1 MiB message limit
 * @param maxFieldChars          largest accepted prompt, response or metadata value in chars; default
 *                               {@value #DEFAULT_MAX_FIELD_CHARS}
 * @param forcedFormat           input format to assume for every record; default {@link InputFormat#AUTO}
 * @param nfc                    normalise to Unicode NFC (never NFKC) as text is read, for storage and the
 *                               content key alike; default true
 * @param crlfToLf               turn CRLF and lone CR into LF; default true
 * @param trimTrailingWhitespace strip trailing whitespace of each field; default true
 * @param removeZeroWidth        remove U+200B, U+200C, U+200D, U+2060 and U+FEFF; default true
 */
public record ParserConfig(
        int maxRecordBytes,
        int maxFieldChars,
        InputFormat forcedFormat,
        boolean nfc,
        boolean crlfToLf,
        boolean trimTrailingWhitespace,
        boolean removeZeroWidth) {

    /** Default for {@link #maxRecordBytes()}. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1_000_000;

    /** Default for {@link #maxFieldChars()}. */
    public static final int DEFAULT_MAX_FIELD_CHARS = 200_000;

    /** Validates the limits and the format. */
    public ParserConfig {
        Objects.requireNonNull(forcedFormat, "forcedFormat");
        if (maxRecordBytes <= 0) {
            throw new IllegalArgumentException("maxRecordBytes must be positive, got " + maxRecordBytes);
        }
        if (maxFieldChars <= 0) {
            throw new IllegalArgumentException("maxFieldChars must be positive, got " + maxFieldChars);
        }
    }

    /** Returns the default settings. */
    public static ParserConfig defaults() {
        return new ParserConfig(DEFAULT_MAX_RECORD_BYTES, DEFAULT_MAX_FIELD_CHARS, InputFormat.AUTO,
                true, true, true, true);
    }

    /** Returns a copy with another record byte limit. */
    public ParserConfig withMaxRecordBytes(final int bytes) {
        return new ParserConfig(bytes, maxFieldChars, forcedFormat, nfc, crlfToLf, trimTrailingWhitespace,
                removeZeroWidth);
    }

    /** Returns a copy with another field char limit. */
    public ParserConfig withMaxFieldChars(final int chars) {
        return new ParserConfig(maxRecordBytes, chars, forcedFormat, nfc, crlfToLf, trimTrailingWhitespace,
                removeZeroWidth);
    }

    /** Returns a copy that assumes the given format for every record ({@link InputFormat#AUTO} detects). */
    public ParserConfig withForcedFormat(final InputFormat format) {
        return new ParserConfig(maxRecordBytes, maxFieldChars, format, nfc, crlfToLf, trimTrailingWhitespace,
                removeZeroWidth);
    }

    /** Returns a copy with NFC normalisation of the text as read (stored text and content key) on or off. */
    public ParserConfig withNfc(final boolean on) {
        return new ParserConfig(maxRecordBytes, maxFieldChars, forcedFormat, on, crlfToLf, trimTrailingWhitespace,
                removeZeroWidth);
    }

    /** Returns a copy with line-ending normalisation of the content key switched on or off. */
    public ParserConfig withCrlfToLf(final boolean on) {
        return new ParserConfig(maxRecordBytes, maxFieldChars, forcedFormat, nfc, on, trimTrailingWhitespace,
                removeZeroWidth);
    }

    /** Returns a copy with trailing-whitespace trimming of the content key switched on or off. */
    public ParserConfig withTrimTrailingWhitespace(final boolean on) {
        return new ParserConfig(maxRecordBytes, maxFieldChars, forcedFormat, nfc, crlfToLf, on, removeZeroWidth);
    }

    /** Returns a copy with zero-width character removal of the content key switched on or off. */
    public ParserConfig withRemoveZeroWidth(final boolean on) {
        return new ParserConfig(maxRecordBytes, maxFieldChars, forcedFormat, nfc, crlfToLf, trimTrailingWhitespace,
                on);
    }
}

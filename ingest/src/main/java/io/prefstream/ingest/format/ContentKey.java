package io.prefstream.ingest.format;

import io.prefstream.schemas.snapshot.Hashing;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.util.HexFormat;

/**
 * The deduplication identity of a preference pair.
 *
 * <p>The key is the lower-case hex SHA-256 over the three normalised fields in the order prompt, chosen,
 * rejected, each written as its UTF-8 byte length (4 bytes, big-endian) followed by its UTF-8 bytes, so no
 * two different triples share an input to the hash.
 */
public final class ContentKey {

    private ContentKey() {
    }

    /** Returns the content key of a pair under the given normalisation settings. */
    public static String of(final String prompt, final String chosen, final String rejected,
            final ParserConfig config) {
        return ofNormalised(normalise(prompt, config), normalise(chosen, config), normalise(rejected, config));
    }

    /**
     * Returns the key of the unordered pair: the smaller of the content keys of the pair and of
     * its reverse (chosen and rejected swapped), so both orientations share it.
     */
    public static String pairOf(final String prompt, final String chosen, final String rejected,
            final ParserConfig config) {
        final String p = normalise(prompt, config);
        final String c = normalise(chosen, config);
        final String r = normalise(rejected, config);
        final String forward = ofNormalised(p, c, r);
        final String reverse = ofNormalised(p, r, c);
        return forward.compareTo(reverse) <= 0 ? forward : reverse;
    }

    /** Returns the content key of a pair under the default normalisation settings. */
    public static String of(final String prompt, final String chosen, final String rejected) {
        return of(prompt, chosen, rejected, ParserConfig.defaults());
    }

    /**
     * Normalises one field for the content key: zero-width characters removed, CRLF and lone CR turned into
     * LF, Unicode NFC (never NFKC), trailing whitespace stripped; each step as switched on in the config.
     */
    public static String normalise(final String text, final ParserConfig config) {
        String out = text;
        if (config.removeZeroWidth()) {
            out = removeZeroWidth(out);
        }
        if (config.crlfToLf()) {
            out = unifyLineEndings(out);
        }
        if (config.nfc()) {
            out = nfc(out);
        }
        if (config.trimTrailingWhitespace()) {
            out = out.stripTrailing();
        }
        return out;
    }

    /** Returns the key of fields that {@link #normalise} has already been applied to. */
    static String ofNormalised(final String prompt, final String chosen, final String rejected) {
        final MessageDigest digest = Hashing.newSha256();
        update(digest, prompt);
        update(digest, chosen);
        update(digest, rejected);
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Returns the text in Unicode NFC, reusing the instance when it already is. */
    static String nfc(final String text) {
        return Normalizer.isNormalized(text, Normalizer.Form.NFC)
                ? text
                : Normalizer.normalize(text, Normalizer.Form.NFC);
    }

    private static void update(final MessageDigest digest, final String field) {
        final byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        digest.update(bytes);
    }

    private static String removeZeroWidth(final String text) {
        int first = 0;
        while (first < text.length() && !isZeroWidth(text.charAt(first))) {
            first++;
        }
        if (first == text.length()) {
            return text;
        }
        final StringBuilder out = new StringBuilder(text.length()).append(text, 0, first);
        for (int i = first + 1; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (!isZeroWidth(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isZeroWidth(final char c) {
        return c == '\u200B' || c == '\u200C' || c == '\u200D' || c == '\u2060' || c == '\uFEFF';
    }

    private static String unifyLineEndings(final String text) {
        if (text.indexOf('\r') < 0) {
            return text;
        }
        final StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c != '\r') {
                out.append(c);
            } else if (i + 1 >= text.length() || text.charAt(i + 1) != '\n') {
                out.append('\n');
            }
        }
        return out.toString();
    }
}

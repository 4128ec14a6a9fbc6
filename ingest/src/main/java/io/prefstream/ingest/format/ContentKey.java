package io.prefstream.ingest.format;

import io.prefstream.schemas.snapshot.Hashing;
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

    private static final char FIRST_COMBINING_MARK = '\u0300';
    private static final MessageDigest SHA256_PROTOTYPE = Hashing.newSha256();

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
        return pairOfNormalised(p, c, r, ofNormalised(p, c, r));
    }

    /** Returns the content key of a pair under the default normalisation settings. */
    public static String of(final String prompt, final String chosen, final String rejected) {
        return of(prompt, chosen, rejected, ParserConfig.defaults());
    }

    /**
     * Normalises one field for the content key: zero-width characters removed, CRLF and lone CR turned into
     * LF, Unicode NFC (never NFKC), trailing white space ({@link VisibleText#isWhitespace}, no-break spaces and
     * NEL included) stripped; each step as switched on in the config.
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
            out = VisibleText.stripTrailing(out);
        }
        return out;
    }

    /** Returns the key of fields that {@link #normalise} has already been applied to. */
    static String ofNormalised(final String prompt, final String chosen, final String rejected) {
        final MessageDigest digest = newDigest();
        update(digest, prompt);
        update(digest, chosen);
        update(digest, rejected);
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Returns the pair key of fields that {@link #normalise} has already been applied to, given their
     * content key ({@link #ofNormalised}), so that only the reverse orientation is hashed again.
     */
    static String pairOfNormalised(final String prompt, final String chosen, final String rejected,
            final String contentKey) {
        final String reverse = ofNormalised(prompt, rejected, chosen);
        return contentKey.compareTo(reverse) <= 0 ? contentKey : reverse;
    }

    /** Returns the text in Unicode NFC, reusing the instance when it already is. */
    static String nfc(final String text) {
        if (belowFirstCombiningMark(text)) {
            return text;
        }
        return Normalizer.isNormalized(text, Normalizer.Form.NFC)
                ? text
                : Normalizer.normalize(text, Normalizer.Form.NFC);
    }

    /**
     * Returns whether every char is below U+0300, the first combining mark. Every code point below it
     * has the NFC quick-check value Yes and canonical combining class 0, so such text is NFC as it stands
     * (the quick check of UAX #15; ICU skips the same range); the check costs a fraction of the
     * normaliser's own, which matters because nearly every text in practice is ASCII.
     */
    private static boolean belowFirstCombiningMark(final String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= FIRST_COMBINING_MARK) {
                return false;
            }
        }
        return true;
    }

    private static void update(final MessageDigest digest, final String field) {
        final byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
        final int length = bytes.length;
        digest.update((byte) (length >>> 24));
        digest.update((byte) (length >>> 16));
        digest.update((byte) (length >>> 8));
        digest.update((byte) length);
        digest.update(bytes);
    }

    /**
     * Returns a fresh SHA-256 digest. Cloning an unused prototype skips the provider lookup and the
     * reflective construction of {@link MessageDigest#getInstance}, which cost as much as hashing a
     * short judgment; the prototype is never updated, so sharing it between threads is safe.
     */
    private static MessageDigest newDigest() {
        try {
            return (MessageDigest) SHA256_PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JVM's SHA-256 digest cannot be cloned", e);
        }
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

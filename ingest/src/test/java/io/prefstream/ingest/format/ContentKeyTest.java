package io.prefstream.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The content-key normaliser, step by step, and the key's byte layout. */
class ContentKeyTest {

    private static final ParserConfig ALL_ON = ParserConfig.defaults();
    private static final ParserConfig ALL_OFF = ParserConfig.defaults()
            .withNfc(false)
            .withCrlfToLf(false)
            .withTrimTrailingWhitespace(false)
            .withRemoveZeroWidth(false);

    @Test
    void shouldComposeToNfc() {
        assertThat(ContentKey.normalise("cafe\u0301", ALL_ON)).isEqualTo("caf\u00e9");
        assertThat(ContentKey.normalise("\u212bngstr\u00f6m", ALL_ON)).isEqualTo("\u00c5ngstr\u00f6m");
    }

    @Test
    void shouldNotApplyCompatibilityFolding() {
        assertThat(ContentKey.normalise("x\u00b2 \ufb01", ALL_ON)).isEqualTo("x\u00b2 \ufb01");
        assertThat(ContentKey.normalise("x\u00b2 cafe\u0301", ALL_ON)).isEqualTo("x\u00b2 caf\u00e9");
    }

    @Test
    void shouldTurnCrlfAndLoneCrIntoLf() {
        assertThat(ContentKey.normalise("a\r\nb\rc\n\rd", ALL_ON)).isEqualTo("a\nb\nc\n\nd");
    }

    @Test
    void shouldStripTrailingButNotLeadingWhitespace() {
        assertThat(ContentKey.normalise("  two words \t\n ", ALL_ON)).isEqualTo("  two words");
    }

    @Test
    void shouldRemoveEveryZeroWidthCharacter() {
        assertThat(ContentKey.normalise("\ufeffa\u200bb\u200cc\u200dd\u2060e", ALL_ON)).isEqualTo("abcde");
    }

    @Test
    void shouldTrimWhitespaceHiddenBehindZeroWidthCharacter() {
        assertThat(ContentKey.normalise("answer \u200b", ALL_ON)).isEqualTo("answer");
    }

    @Test
    void shouldLeaveTextAloneWhenEveryStepIsOff() {
        final String text = "cafe\u0301\r\n\u200b ";

        assertThat(ContentKey.normalise(text, ALL_OFF)).isEqualTo(text);
    }

    @Test
    void shouldApplyOnlyTheSwitchedOnStep() {
        final String text = "e\u0301\r\u200b ";

        assertThat(ContentKey.normalise(text, ALL_OFF.withNfc(true))).isEqualTo("\u00e9\r\u200b ");
        assertThat(ContentKey.normalise(text, ALL_OFF.withCrlfToLf(true))).isEqualTo("e\u0301\n\u200b ");
        assertThat(ContentKey.normalise(text, ALL_OFF.withTrimTrailingWhitespace(true))).isEqualTo("e\u0301\r\u200b");
        assertThat(ContentKey.normalise(text, ALL_OFF.withRemoveZeroWidth(true))).isEqualTo("e\u0301\r ");
    }

    @Test
    void shouldHashLengthPrefixedUtf8FieldsInOrder() throws NoSuchAlgorithmException {
        final MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(new byte[] {0, 0, 0, 1, 'p', 0, 0, 0, 2, (byte) 0xC3, (byte) 0xA9, 0, 0, 0, 0});

        assertThat(ContentKey.of("p", "e\u0301", "")).isEqualTo(HexFormat.of().formatHex(digest.digest()));
    }

    @Test
    void shouldProduceLowerCaseHexOfSixtyFourDigits() {
        assertThat(ContentKey.of("prompt", "chosen", "rejected")).matches("[0-9a-f]{64}");
    }

    @Test
    void shouldKeepFieldBoundariesDistinct() {
        assertThat(ContentKey.of("ab", "c", "d")).isNotEqualTo(ContentKey.of("a", "bc", "d"));
        assertThat(ContentKey.of("a", "b", "c")).isNotEqualTo(ContentKey.of("a", "c", "b"));
    }

    @Test
    void shouldGiveEqualKeysToVariantsTheNormaliserUnifies() {
        assertThat(ContentKey.of("q\r\n", "caf\u00e9  ", "no"))
                .isEqualTo(ContentKey.of("q\n", "cafe\u0301", "n\u200bo"));
    }

    @Test
    void shouldStoreTheKeyOfTheStoredFields() {
        final var record = Records.accepted(Records.parse("{'prompt': 'q\\r\\n', 'chosen': 'a ', 'rejected': 'b'}"));

        assertThat(record.getContentKey())
                .isEqualTo(ContentKey.of(record.getPrompt(), record.getChosen(), record.getRejected()))
                .isEqualTo(ContentKey.of("q", "a", "b"));
        assertThat(record.getPrompt().getBytes(StandardCharsets.UTF_8)).hasSize(3);
    }

    @Test
    void shouldGiveBothOrientationsOfAPairOnePairKeyTheSmallerContentKey() {
        final String forward = ContentKey.of("q", "a\r\n", "b");
        final String reverse = ContentKey.of("q", "b", "a");

        assertThat(ContentKey.pairOf("q", "a\r\n", "b", ALL_ON))
                .isEqualTo(ContentKey.pairOf("q", "b", "a", ALL_ON))
                .isEqualTo(forward.compareTo(reverse) <= 0 ? forward : reverse);
    }

    @Test
    void shouldStoreTheSamePairKeyThePairOfItsFieldsGives() {
        final var record = Records.accepted(Records.parse("{'prompt': 'q ', 'chosen': 'cafe\u0301', 'rejected': 'b'}"));

        assertThat(record.getPairKey()).isEqualTo(ContentKey.pairOf("q", "caf\u00e9", "b", ALL_ON));
    }

    /**
     * The normaliser passes text made only of chars below U+0300 through unchecked; this pins the
     * Unicode property it relies on: each such char is NFC, and no two of them compose or reorder.
     */
    @Test
    void shouldFindEveryTextBelowTheFirstCombiningMarkAlreadyNfc() {
        for (char first = 0; first < '\u0300'; first++) {
            assertThat(Normalizer.isNormalized(String.valueOf(first), Normalizer.Form.NFC))
                    .as("U+%04X", (int) first).isTrue();
            for (char second = 0; second < '\u0300'; second++) {
                final String pair = new String(new char[] {first, second});
                if (!Normalizer.isNormalized(pair, Normalizer.Form.NFC)) {
                    assertThat(pair).as("U+%04X U+%04X", (int) first, (int) second).isNull();
                }
            }
        }
    }

    @Test
    void shouldStillComposeTextWhoseOnlyNonAsciiCharIsACombiningMark() {
        assertThat(ContentKey.normalise("A\u030a", ALL_ON)).isEqualTo("\u00c5");
        assertThat(ContentKey.normalise("A\u030a", ALL_ON.withNfc(false))).isEqualTo("A\u030a");
    }

    /** No-break space, next line, ideographic space, em space, line separator. */
    @ParameterizedTest
    @ValueSource(chars = {'\u00a0', '\u0085', '\u3000', '\u2003', '\u2028'})
    void shouldTrimEveryCharacterTheBlankCheckCountsAsWhitespace(final char space) {
        final String text = "same" + space + " " + space;

        assertThat(VisibleText.isBlank(String.valueOf(space))).isTrue();
        assertThat(ContentKey.normalise(text, ALL_ON)).isEqualTo("same");
        assertThat(ContentKey.of("q", "a", text)).isEqualTo(ContentKey.of("q", "a", "same"));
    }
}

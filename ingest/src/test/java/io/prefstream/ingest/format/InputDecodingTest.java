package io.prefstream.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Byte, UTF-8 and JSON level checks that come before any format is considered. */
class InputDecodingTest {

    private final JudgmentParser parser = new JudgmentParser();

    @Test
    void shouldRejectSequenceCutOffAtEndOfLine() {
        final byte[] record = Records.json("{'prompt': 'q', 'chosen': 'a', 'rejected': 'b'} \u00e9");
        final byte[] cut = Arrays.copyOf(record, record.length - 1);

        final ParseResult.Rejected rejection = Records.rejected(parser.parse(cut, "s", Records.REF));

        assertThat(rejection.reason()).isEqualTo(RejectReason.INVALID_UTF8);
        assertThat(rejection.detail()).contains("byte offset " + (cut.length - 1) + " ").contains("0xC3");
    }

    @Test
    void shouldRejectEncodedSurrogate() {
        final byte[] record = Records.json("{'prompt': '?', 'chosen': 'a', 'rejected': 'b'}");
        final byte[] withSurrogate = new byte[record.length + 2];
        final int at = new String(record, StandardCharsets.US_ASCII).indexOf('?');
        System.arraycopy(record, 0, withSurrogate, 0, at);
        withSurrogate[at] = (byte) 0xED;
        withSurrogate[at + 1] = (byte) 0xA0;
        withSurrogate[at + 2] = (byte) 0x80;
        System.arraycopy(record, at + 1, withSurrogate, at + 3, record.length - at - 1);

        final ParseResult.Rejected rejection = Records.rejected(parser.parse(withSurrogate, "s", Records.REF));

        assertThat(rejection.reason()).isEqualTo(RejectReason.INVALID_UTF8);
        assertThat(rejection.detail()).contains("byte offset " + at + " ");
    }

    @Test
    void shouldAcceptReplacementCharacterSentAsValidUtf8() {
        final var record = Records.accepted(parser.parse(
                Records.json("{'prompt': 'q \ufffd', 'chosen': 'a', 'rejected': 'b'}"), "s", Records.REF));

        assertThat(record.getPrompt()).isEqualTo("q \ufffd");
    }

    @Test
    void shouldFindInvalidByteAfterAValidReplacementCharacter() {
        final byte[] record = Records.json("{'prompt': '\ufffd', 'chosen': 'a?', 'rejected': 'b'}");
        final int at = new String(record, StandardCharsets.ISO_8859_1).indexOf('?');
        record[at] = (byte) 0xFF;

        final ParseResult.Rejected rejection = Records.rejected(parser.parse(record, "s", Records.REF));

        assertThat(rejection.reason()).isEqualTo(RejectReason.INVALID_UTF8);
        assertThat(rejection.detail()).contains("byte offset " + at + " ").contains("0xFF");
    }

    @Test
    void shouldRejectUnpairedSurrogateEscapeNamingTheField() {
        final ParseResult.Rejected rejection = Records.rejected(
                Records.parse("{'prompt': 'q', 'chosen': 'a\\ud83d', 'rejected': 'b'}"));

        assertThat(rejection.reason()).isEqualTo(RejectReason.INVALID_UTF8);
        assertThat(rejection.field()).isEqualTo("chosen");
    }

    @Test
    void shouldAcceptPairedSurrogateEscape() {
        final var record = Records.accepted(
                Records.parse("{'prompt': 'q', 'chosen': 'a\\ud83d\\ude00', 'rejected': 'b'}"));

        assertThat(record.getChosen()).isEqualTo("a\uD83D\uDE00");
    }

    @Test
    void shouldRejectTrailingGarbageAfterObject() {
        assertThat(Records.rejected(Records.parse("{'prompt': 'q', 'chosen': 'a', 'rejected': 'b'}}")).reason())
                .isEqualTo(RejectReason.MALFORMED_JSON);
    }

    @Test
    void shouldRejectDuplicateKeys() {
        assertThat(Records.rejected(Records.parse("{'prompt': 'q', 'chosen': 'a', 'chosen': 'c', 'rejected': 'b'}"))
                .reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    }

    @Test
    void shouldNameTheDuplicateKey() {
        final ParseResult.Rejected rejection = Records.rejected(Records.parse("{'prompt': 'Q', 'chosen': 'A', "
                + "'rejected': 'B', 'chosen': 'SECRET'}"));

        assertThat(rejection.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(rejection.field()).isNull();
        assertThat(rejection.detail()).contains("duplicate key 'chosen'").doesNotContain("SECRET");
    }

    @Test
    void shouldNameDuplicateKeyOfNestedObject() {
        assertThat(Records.rejected(Records.parse("{'prompt': 'q', 'chosen': 'a', 'rejected': 'b', "
                + "'extra': {'n': 1, 'n': 2}}")).detail()).contains("duplicate key 'n'");
    }

    @Test
    void shouldQuoteDuplicateKeyWithoutLineBreaksAndCapItsLength() {
        final String longKey = "k".repeat(1_000);
        final ParseResult.Rejected cut = Records.rejected(Records.parse("{'" + longKey + "': 1, '" + longKey
                + "': 2}"));
        final ParseResult.Rejected escaped = Records.rejected(Records.parse("{'a\\nINFO x\\u202e': 1, "
                + "'a\\nINFO x\\u202e': 2}"));

        assertThat(cut.detail()).contains("duplicate key 'kkk").hasSizeLessThan(200);
        assertThat(escaped.detail()).contains("duplicate key 'a\\u000AINFO x\\u202E'").doesNotContain("\n")
                .doesNotContain("\u202e");
    }

    @Test
    void shouldSayTheNestingLimitWasExceeded() {
        final ParseResult.Rejected rejection = Records.rejected(Records.parse("{'prompt': 'q', 'chosen': 'a', "
                + "'rejected': 'b', 'deep': " + "[".repeat(5_000) + "]".repeat(5_000) + "}"));

        assertThat(rejection.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(rejection.detail()).contains("nesting").contains("limit of 1000");
    }

    @Test
    void shouldSayANumberIsLongerThanTheLimit() {
        final ParseResult.Rejected rejection = Records.rejected(Records.parse("{'prompt': 'q', 'chosen': 'a', "
                + "'rejected': 'b', 'big': " + "9".repeat(2_000) + "}"));

        assertThat(rejection.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(rejection.detail()).contains("number").contains("limit of 1000 digits");
    }

    @Test
    void shouldRejectEmptyValue() {
        assertThat(Records.rejected(Records.parse("")).reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    }

    @Test
    void shouldRejectCutOffObjectGivingItsPosition() {
        final ParseResult.Rejected rejection = Records.rejected(Records.parse("{'prompt': 'q', 'chosen"));

        assertThat(rejection.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(rejection.detail()).contains("character offset");
    }

    @Test
    void shouldRejectNumberAndBooleanAsNotAnObject() {
        assertThat(Records.rejected(Records.parse("42")).reason()).isEqualTo(RejectReason.NOT_AN_OBJECT);
        assertThat(Records.rejected(Records.parse("true")).detail()).contains("boolean");
    }

    @Test
    void shouldAcceptLeadingByteOrderMarkAndTrailingCarriageReturn() {
        final var record = Records.accepted(Records.parse("\ufeff{'prompt': 'q', 'chosen': 'a', 'rejected': 'b'}\r"));

        assertThat(record.getPrompt()).isEqualTo("q");
    }
}

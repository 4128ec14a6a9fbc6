package io.prefstream.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Inputs that pass every field check yet could not be stored or processed downstream. */
class HostileInputTest {

    private static final String PAIR = "'prompt': 'q', 'chosen': 'a', 'rejected': 'b'";

    @Test
    void shouldRejectCreationTimeBeyondStorableRange() {
        ParseResult.Rejected rejected = Records.rejected(Records.parse(
                "{" + PAIR + ", 'created_at': '+999999999-12-31T23:59:59Z'}"));

        assertThat(rejected.reason()).isEqualTo(RejectReason.INVALID_VALUE);
        assertThat(rejected.field()).isEqualTo("created_at");
    }

    @Test
    void shouldRejectEpochMillisBeyondYear9999() {
        assertThat(Records.rejected(Records.parse("{" + PAIR + ", 'created_at': 9000000000000000000}")).reason())
                .isEqualTo(RejectReason.INVALID_VALUE);
    }

    @Test
    void shouldRejectImpossibleCalendarDateInsteadOfAdjustingIt() {
        assertThat(Records.rejected(Records.parse("{" + PAIR + ", 'created_at': '2024-02-30'}")).field())
                .isEqualTo("created_at");
    }

    @Test
    void shouldRejectRecordWhoseStoredFormOutgrowsTheLimit() {
        // A chat prompt is stored twice (messages and rendered text): 600 KB in, 1.2 MB stored.
        String prompt = "\u4e00".repeat(199_000);
        String json = "{\"prompt\": [{\"role\": \"user\", \"content\": \"" + prompt + "\"}], "
                + "\"chosen\": \"a\", \"rejected\": \"b\"}";
        byte[] line = json.getBytes(StandardCharsets.UTF_8);

        ParseResult result = new JudgmentParser().parse(line, "s", "s:1");

        assertThat(line.length).isLessThan(ParserConfig.defaults().maxRecordBytes());
        assertThat(Records.rejected(result).reason()).isEqualTo(RejectReason.RECORD_TOO_LARGE);
        assertThat(Records.rejected(result).detail()).contains("stored record");
    }

    @Test
    void shouldRejectOverlongId() {
        ParseResult.Rejected rejected = Records.rejected(Records.parse(
                "{" + PAIR + ", 'id': '" + "x".repeat(JudgmentParser.MAX_ID_CHARS + 1) + "'}"));

        assertThat(rejected.reason()).isEqualTo(RejectReason.FIELD_TOO_LARGE);
        assertThat(rejected.field()).isEqualTo("id");
    }

    @Test
    void shouldRejectControlCharactersInIdsAndAnnotatorsThatWouldForgeLogLines() {
        ParseResult.Rejected id = Records.rejected(Records.parse("{" + PAIR + ", 'id': 'a\\nINFO fake line'}"));
        ParseResult.Rejected annotator = Records.rejected(Records.parse(
                "{" + PAIR + ", 'annotator_id': 'x\\u001b[31m'}"));

        assertThat(id.reason()).isEqualTo(RejectReason.INVALID_VALUE);
        assertThat(id.field()).isEqualTo("id");
        assertThat(id.detail()).contains("U+000A").doesNotContain("fake");
        assertThat(annotator.field()).isEqualTo("annotator_id");
        assertThat(annotator.detail()).contains("U+001B");
        assertThat(Records.parse("{" + PAIR + ", 'id': 'plain-id_1'}")).isInstanceOf(ParseResult.Accepted.class);
    }

    @Test
    void shouldRejectUnpairedSurrogateInMetadataValue() {
        // Avro would store the surrogate as '?': the record would keep a value its sender never wrote.
        ParseResult.Rejected rejected = Records.rejected(Records.parse("{" + PAIR + ", 'note': 'x\\ud800'}"));

        assertThat(rejected.reason()).isEqualTo(RejectReason.INVALID_UTF8);
        assertThat(rejected.field()).isEqualTo("metadata");
        assertThat(rejected.detail()).contains("metadata value number 1").contains("U+D800");
    }

    @Test
    void shouldRejectUnpairedSurrogateInMetadataKey() {
        ParseResult.Rejected rejected = Records.rejected(Records.parse("{" + PAIR + ", 'n\\udc00': 'x'}"));

        assertThat(rejected.reason()).isEqualTo(RejectReason.INVALID_UTF8);
        assertThat(rejected.field()).isEqualTo("metadata");
    }

    @Test
    void shouldRejectPromptOfOnlyInvisibleFormatAndSpaceCharacters() {
        // Direction marks, soft hyphen, no-break spaces and an escaped NUL: none of them is String.isBlank().
        ParseResult.Rejected rejected = Records.rejected(Records.parse(
                "{'prompt': '\u200e\u200f\u00ad\u00a0\u202f\\u0000', 'chosen': 'a', 'rejected': 'b'}"));

        assertThat(rejected.reason()).isEqualTo(RejectReason.EMPTY_PROMPT);
        assertThat(rejected.field()).isEqualTo("prompt");
    }

    @Test
    void shouldRejectResponseOfOnlyNoBreakSpaces() {
        ParseResult.Rejected rejected = Records.rejected(Records.parse(
                "{'prompt': 'q', 'chosen': 'a', 'rejected': '\u00a0\u00a0'}"));

        assertThat(rejected.reason()).isEqualTo(RejectReason.EMPTY_RESPONSE);
        assertThat(rejected.field()).isEqualTo("rejected");
    }

    @Test
    void shouldRejectChatPromptOfOnlyInvisibleCharacters() {
        String turn = "{'role': 'user', 'content': '\u2061\u180e'}";
        ParseResult.Rejected rejected = Records.rejected(Records.parse("{'chosen': [" + turn
                + ", {'role': 'assistant', 'content': 'a'}], 'rejected': [" + turn
                + ", {'role': 'assistant', 'content': 'b'}]}"));

        assertThat(rejected.reason()).isEqualTo(RejectReason.EMPTY_PROMPT);
    }

    /**
     * Line and paragraph separators split a log line for many viewers, and bidirectional controls reorder what
     * a reader sees; with C1 controls such as NEL they are refused in every field that reaches a log line.
     */
    @ParameterizedTest
    @ValueSource(strings = {"2028", "2029", "200e", "200f", "202a", "202b", "202c", "202d", "202e", "2066", "2067",
        "2068", "2069", "061c", "0085", "009b"})
    void shouldRejectSeparatorsAndBidiControlsInIdsAndAnnotators(final String hex) {
        for (final String field : new String[] {"id", "annotator_id", "annotator"}) {
            final ParseResult.Rejected rejected = Records.rejected(Records.parse(
                    "{" + PAIR + ", '" + field + "': 'x\\u" + hex + "evil'}"));

            assertThat(rejected.reason()).as("%s U+%s", field, hex).isEqualTo(RejectReason.INVALID_VALUE);
            assertThat(rejected.field()).as("%s U+%s", field, hex).isEqualTo(field);
            assertThat(rejected.detail()).contains("U+" + hex.toUpperCase(Locale.ROOT)).contains("index 1")
                    .doesNotContain("evil");
        }
    }

    @Test
    void shouldStillAcceptIdsWithOrdinaryUnicodeLetters() {
        assertThat(Records.accepted(Records.parse("{" + PAIR + ", 'id': 'caf\u00e9-\u4e00 1'}")).getId())
                .isEqualTo("caf\u00e9-\u4e00 1");
    }
}

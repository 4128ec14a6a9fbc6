package io.prefstream.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

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
}

package io.prefstream.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.prefstream.schemas.v1.PreferenceRecord;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Optional record fields: id, annotator, votes, created_at and metadata. */
class RecordAttributesTest {

    private static final String PAIR = "'prompt': 'q', 'chosen': 'a', 'rejected': 'b'";

    @Test
    void shouldUseRecordRefAsIdWhenNoneIsGiven() {
        final PreferenceRecord record = Records.accepted(Records.parse("{" + PAIR + "}"));

        assertThat(record.getId()).isEqualTo(Records.REF);
        assertThat(record.getSource()).isEqualTo("test-source");
        assertThat(record.getVotes()).isEqualTo(1);
        assertThat(record.getAnnotatorId()).isNull();
        assertThat(record.getCreatedAt()).isNull();
    }

    @Test
    void shouldReadNumericIdAndAnnotatorAlias() {
        final PreferenceRecord record = Records.accepted(Records.parse("{" + PAIR + ", 'id': 17, 'annotator': 'w9'}"));

        assertThat(record.getId()).isEqualTo("17");
        assertThat(record.getAnnotatorId()).isEqualTo("w9");
    }

    @Test
    void shouldRejectFractionalVotes() {
        final ParseResult.Rejected rejection = Records.rejected(Records.parse("{" + PAIR + ", 'votes': 2.5}"));

        assertThat(rejection.reason()).isEqualTo(RejectReason.WRONG_TYPE);
        assertThat(rejection.field()).isEqualTo("votes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2147483648", "9223372036854775807", "99999999999999999999999", "-2147483649"})
    void shouldRejectVotesBeyondIntegerRangeAsOutOfRange(final String votes) {
        final ParseResult.Rejected rejection = Records.rejected(
                Records.parse("{" + PAIR + ", 'votes': " + votes + "}"));

        assertThat(rejection.reason()).isEqualTo(RejectReason.INVALID_VALUE);
        assertThat(rejection.field()).isEqualTo("votes");
        assertThat(rejection.detail()).contains("votes is an integer out of range").contains("1 to 2147483647")
                .doesNotContain(votes);
    }

    @Test
    void shouldRejectEpochMillisBeyondLongRangeAsOutOfRange() {
        final ParseResult.Rejected rejection = Records.rejected(Records.parse(
                "{" + PAIR + ", 'created_at': 99999999999999999999999}"));

        assertThat(rejection.reason()).isEqualTo(RejectReason.INVALID_VALUE);
        assertThat(rejection.field()).isEqualTo("created_at");
        assertThat(rejection.detail()).contains("created_at is an integer out of range").contains("1 to 9999");
    }

    @Test
    void shouldReadCreatedAtInEachSupportedForm() {
        assertThat(createdAt("'2024-03-01T12:00:00Z'")).isEqualTo(Instant.parse("2024-03-01T12:00:00Z"));
        assertThat(createdAt("'2024-03-01T14:00:00+02:00'")).isEqualTo(Instant.parse("2024-03-01T12:00:00Z"));
        assertThat(createdAt("'2024-03-01T12:00:00.250'")).isEqualTo(Instant.parse("2024-03-01T12:00:00.250Z"));
        assertThat(createdAt("'2024-03-01'")).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
        assertThat(createdAt("1709294400000")).isEqualTo(Instant.parse("2024-03-01T12:00:00Z"));
    }

    @Test
    void shouldRejectUnparseableCreatedAtWithoutQuotingIt() {
        final ParseResult.Rejected rejection = Records.rejected(Records.parse("{" + PAIR + ", 'created_at': 'soon'}"));

        assertThat(rejection.reason()).isEqualTo(RejectReason.INVALID_VALUE);
        assertThat(rejection.field()).isEqualTo("created_at");
        assertThat(rejection.detail()).doesNotContain("soon");
    }

    @Test
    void shouldCarryUnknownScalarFieldsAsMetadataAndSkipNestedOnes() {
        final PreferenceRecord record = Records.accepted(Records.parse("{" + PAIR + ", 'source_dataset': 'hh', "
                + "'turns': 3, 'safe': true, 'extra': {'x': 1}, 'tags': ['t'], 'note': null, 'votes': 4}"));

        assertThat(record.getMetadata()).containsExactly(Map.entry("source_dataset", "hh"),
                Map.entry("turns", "3"), Map.entry("safe", "true"));
        assertThat(record.getVotes()).isEqualTo(4);
    }

    @Test
    void shouldRejectOversizedMetadataValue() {
        final JudgmentParser parser = new JudgmentParser(ParserConfig.defaults().withMaxFieldChars(10));

        final ParseResult.Rejected rejection = Records.rejected(Records.parse(parser,
                "{" + PAIR + ", 'comment': '" + "x".repeat(11) + "'}"));

        assertThat(rejection.reason()).isEqualTo(RejectReason.FIELD_TOO_LARGE);
        assertThat(rejection.field()).isEqualTo("metadata");
    }

    private static Instant createdAt(final String json) {
        return Records.accepted(Records.parse("{" + PAIR + ", 'created_at': " + json + "}")).getCreatedAt();
    }

    @Test
    void shouldKeepMetadataNumbersExactlyAsWritten() {
        final PreferenceRecord record = Records.accepted(Records.parse("{" + PAIR + ", 'huge': 1e999999999,"
                + " 'precise': 0.1000000000000000055511151231257827, 'big': 123456789012345678901234567890,"
                + " 'score': 9.0, 'count': 3}"));

        assertThat(record.getMetadata()).containsEntry("huge", "1E+999999999")
                .containsEntry("precise", "0.1000000000000000055511151231257827")
                .containsEntry("big", "123456789012345678901234567890")
                .containsEntry("score", "9.0")
                .containsEntry("count", "3");
    }
}

package io.prefstream.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.prefstream.ingest.format.CaseRun.Kind;
import io.prefstream.schemas.v1.PreferenceRecord;
import org.junit.jupiter.api.Test;

/** Cases 08 and 09: null and non-object lines, cut-off JSON, wrong types and an oversized record. */
class MalformedInputCasesTest {

    private static final String CASE_08 = "08-null-and-non-object-lines.jsonl";
    private static final String CASE_09 = "09-oversized-record.jsonl";
    private static final int OVERSIZED_BYTES = 1_217_716;

    @Test
    void shouldAcceptTwoRejectSixAndIgnoreOneBlankLine() {
        final CaseRun run = CaseRun.of(CASE_08);

        assertThat(run.lines(Kind.ACCEPTED)).containsExactly(1, 9);
        assertThat(run.lines(Kind.REJECTED)).containsExactly(2, 4, 5, 6, 7, 8);
        assertThat(run.lines(Kind.BLANK)).containsExactly(3);
    }

    @Test
    void shouldRejectNullArrayAndStringAsNotAnObject() {
        final CaseRun run = CaseRun.of(CASE_08);

        for (final int line : new int[] {2, 4, 5}) {
            assertThat(run.line(line).rejection().reason()).as("line %d", line).isEqualTo(RejectReason.NOT_AN_OBJECT);
        }
        assertThat(run.line(4).rejection().detail()).contains("array");
    }

    @Test
    void shouldRejectObjectWithoutClosingBraceAsMalformed() {
        final ParseResult.Rejected rejection = CaseRun.of(CASE_08).line(6).rejection();

        assertThat(rejection.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(rejection.detail()).doesNotContain("Mont Blanc");
    }

    @Test
    void shouldRejectNullChosenAsMissing() {
        final ParseResult.Rejected rejection = CaseRun.of(CASE_08).line(7).rejection();

        assertThat(rejection.reason()).isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(rejection.field()).isEqualTo("chosen");
    }

    @Test
    void shouldRejectStringVotesAsWrongType() {
        final ParseResult.Rejected rejection = CaseRun.of(CASE_08).line(8).rejection();

        assertThat(rejection.reason()).isEqualTo(RejectReason.WRONG_TYPE);
        assertThat(rejection.field()).isEqualTo("votes");
        assertThat(rejection.detail()).doesNotContain("many");
    }

    @Test
    void shouldCarryAnnotatorAndVotes() {
        final PreferenceRecord record = CaseRun.of(CASE_08).line(9).record();

        assertThat(record.getAnnotatorId()).isEqualTo("ann-0007");
        assertThat(record.getVotes()).isEqualTo(2);
    }

    @Test
    void shouldRejectNullRecordValueWithoutThrowing() {
        final ParseResult result = new JudgmentParser().parse(null, "topic", "topic-0@42");

        assertThat(result).isInstanceOf(ParseResult.Rejected.class);
        assertThat(((ParseResult.Rejected) result).reason()).isEqualTo(RejectReason.NOT_AN_OBJECT);
    }

    @Test
    void shouldRejectOversizedRecordWithItsSizeAndProcessTheNextLine() {
        final CaseRun run = CaseRun.of(CASE_09);
        final ParseResult.Rejected rejection = run.line(2).rejection();

        assertThat(run.lines(Kind.ACCEPTED)).containsExactly(1, 3);
        assertThat(rejection.reason()).isEqualTo(RejectReason.RECORD_TOO_LARGE);
        assertThat(rejection.detail()).contains(Integer.toString(OVERSIZED_BYTES)).hasSizeLessThan(200);
    }
}

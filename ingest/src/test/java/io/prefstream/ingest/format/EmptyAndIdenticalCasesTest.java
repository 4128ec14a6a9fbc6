package io.prefstream.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.prefstream.ingest.format.CaseRun.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Cases 03 and 04: empty, whitespace-only, missing and identical fields. */
class EmptyAndIdenticalCasesTest {

    private static final String CASE_03 = "03-empty-and-missing-responses.jsonl";
    private static final String CASE_04 = "04-identical-responses.jsonl";

    @Test
    void shouldAcceptOnlyTheCompleteRecordOfCase03() {
        final CaseRun run = CaseRun.of(CASE_03);

        assertThat(run.lines(Kind.ACCEPTED)).containsExactly(6);
        assertThat(run.lines(Kind.REJECTED)).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void shouldRejectHhTranscriptWhoseFinalChosenTurnIsEmpty() {
        assertRejected(CaseRun.of(CASE_03), 1, RejectReason.EMPTY_RESPONSE, "chosen");
    }

    @Test
    void shouldRejectWhitespaceOnlyChosen() {
        assertRejected(CaseRun.of(CASE_03), 2, RejectReason.EMPTY_RESPONSE, "chosen");
    }

    @Test
    void shouldRejectEmptyRejected() {
        assertRejected(CaseRun.of(CASE_03), 3, RejectReason.EMPTY_RESPONSE, "rejected");
    }

    @Test
    void shouldRejectEmptyPrompt() {
        assertRejected(CaseRun.of(CASE_03), 4, RejectReason.EMPTY_PROMPT, "prompt");
    }

    @Test
    void shouldRejectRecordWithoutRejectedKey() {
        assertRejected(CaseRun.of(CASE_03), 5, RejectReason.MISSING_FIELD, "rejected");
    }

    @Test
    void shouldNeverAcceptZeroLengthOrBlankCompletion() {
        final CaseRun run = CaseRun.of(CASE_03);

        assertThat(run.parsed()).allSatisfy(record -> {
            assertThat(record.getChosen()).isNotBlank();
            assertThat(record.getRejected()).isNotBlank();
        });
    }

    @Test
    void shouldRejectIdenticalResponsesExactlyNotFuzzily() {
        final CaseRun run = CaseRun.of(CASE_04);

        assertThat(run.lines(Kind.ACCEPTED)).containsExactly(4);
        for (final int line : new int[] {1, 2, 3}) {
            assertThat(run.line(line).rejection().reason()).as("line %d", line)
                    .isEqualTo(RejectReason.IDENTICAL_RESPONSES);
        }
        assertThat(run.line(4).record().getRejected()).isEqualTo("Botanically, it isn't a fruit.");
    }

    /** No-break space, next line, ideographic space, em space, line separator; each sent as a JSON escape. */
    @ParameterizedTest
    @ValueSource(strings = {"00a0", "0085", "3000", "2003", "2028"})
    void shouldRejectResponsesThatDifferOnlyBySurroundingUnicodeWhitespace(final String hex) {
        final String space = "\\u" + hex;

        for (final String rejected : new String[] {"same" + space, space + "same", space + "same" + space}) {
            final ParseResult.Rejected rejection = Records.rejected(Records.parse(
                    "{'prompt': 'q', 'chosen': 'same', 'rejected': '" + rejected + "'}"));

            assertThat(rejection.reason()).as(rejected).isEqualTo(RejectReason.IDENTICAL_RESPONSES);
        }
    }

    private static void assertRejected(final CaseRun run, final int line, final RejectReason reason,
            final String field) {
        final ParseResult.Rejected rejection = run.line(line).rejection();

        assertThat(rejection.reason()).as("line %d", line).isEqualTo(reason);
        assertThat(rejection.field()).as("line %d", line).isEqualTo(field);
        assertThat(rejection.detail()).startsWith("record " + CASE_03 + ":" + line + ": ").contains(field);
    }
}

package io.prefstream.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.prefstream.ingest.format.CaseRun.Kind;
import io.prefstream.schemas.v1.PreferenceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Case 11: pairwise judgments with winner labels, ties and an unknown label; label spelling. */
class PairwiseCasesTest {

    private static final String PAIR = "'prompt': 'q', 'response_a': 'a', 'response_b': 'b'";

    private static final String CASE_11 = "11-pairwise-ties.jsonl";

    @Test
    void shouldAcceptThreeAndRejectThree() {
        final CaseRun run = CaseRun.of(CASE_11);

        assertThat(run.lines(Kind.ACCEPTED)).containsExactly(1, 2, 5);
        assertThat(run.lines(Kind.REJECTED)).containsExactly(3, 4, 6);
    }

    @Test
    void shouldChooseResponseAForModelA() {
        final PreferenceRecord record = CaseRun.of(CASE_11).line(1).record();

        assertThat(record.getPrompt()).isEqualTo("Write a one-line slogan for a bike shop.");
        assertThat(record.getChosen()).isEqualTo("Pedal further, worry less.");
        assertThat(record.getRejected()).isEqualTo("We sell bikes.");
        assertThat(record.getPromptMessages()).isNull();
    }

    @Test
    void shouldChooseResponseBForModelB() {
        final PreferenceRecord record = CaseRun.of(CASE_11).line(2).record();

        assertThat(record.getChosen()).startsWith("It's when you solve a big puzzle");
        assertThat(record.getRejected()).isEqualTo("Recursion is recursion.");
    }

    @Test
    void shouldReadUpperCaseChoiceField() {
        final PreferenceRecord record = CaseRun.of(CASE_11).line(5).record();

        assertThat(record.getChosen()).isEqualTo("About 3.1 miles.");
        assertThat(record.getRejected()).isEqualTo("About 8 miles.");
    }

    @Test
    void shouldRejectTiesInsteadOfOrientingThem() {
        final CaseRun run = CaseRun.of(CASE_11);

        for (final int line : new int[] {3, 4}) {
            assertThat(run.line(line).rejection().reason()).as("line %d", line).isEqualTo(RejectReason.TIE);
            assertThat(run.line(line).rejection().field()).as("line %d", line).isEqualTo("winner");
        }
    }

    @Test
    void shouldRejectUnknownWinnerLabel() {
        final ParseResult.Rejected rejection = CaseRun.of(CASE_11).line(6).rejection();

        assertThat(rejection.reason()).isEqualTo(RejectReason.INVALID_LABEL);
        assertThat(rejection.field()).isEqualTo("winner");
        assertThat(rejection.detail()).doesNotContain("model_c");
    }

    /** Labels sent as JSON escapes: NUL, escape, bell, C1 next line inside, bidi override, line separator inside. */
    @ParameterizedTest
    @ValueSource(strings = {"model_a\\u0000", "model_a\\u001b[0m", "\\u0007model_a", "model\\u0085_a",
        "model_a\\u202e", "model\\u2028a"})
    void shouldRejectLabelWithControlCharacterInsteadOfDroppingIt(final String label) {
        for (final String field : new String[] {"winner", "choice"}) {
            final ParseResult.Rejected rejection = Records.rejected(Records.parse(
                    "{" + PAIR + ", '" + field + "': '" + label + "'}"));

            assertThat(rejection.reason()).as(label).isEqualTo(RejectReason.INVALID_VALUE);
            assertThat(rejection.field()).as(label).isEqualTo(field);
            assertThat(rejection.detail()).as(label).contains(field + " contains").doesNotContain("model");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {" model_a ", "\\tmodel_a\\r\\n", "\\u00a0Model A\\u3000", "\\u2003a\\u0085"})
    void shouldTolerateSurroundingUnicodeWhitespaceAroundLabel(final String label) {
        final PreferenceRecord record = Records.accepted(Records.parse("{" + PAIR + ", 'winner': '" + label + "'}"));

        assertThat(record.getChosen()).as(label).isEqualTo("a");
    }
}

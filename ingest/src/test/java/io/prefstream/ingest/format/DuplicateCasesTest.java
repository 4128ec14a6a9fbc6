package io.prefstream.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.prefstream.ingest.format.CaseRun.Kind;
import io.prefstream.schemas.v1.PreferenceRecord;
import org.junit.jupiter.api.Test;

/** Cases 06 and 10: duplicates are decided by equal content keys, whatever the Unicode form or record id. */
class DuplicateCasesTest {

    private static final String CASE_06 = "06-unicode-nfc-nfd-duplicates.jsonl";
    private static final String CASE_10 = "10-redelivered-duplicates.jsonl";

    @Test
    void shouldCountFourAcceptedAndTwoDuplicatesAcrossUnicodeForms() {
        final CaseRun run = CaseRun.of(CASE_06);

        assertThat(run.lines(Kind.ACCEPTED)).containsExactly(1, 3, 4, 5);
        assertThat(run.lines(Kind.DUPLICATE)).containsExactly(2, 6);
    }

    @Test
    void shouldGiveDecomposedAccentsTheKeyOfPrecomposedOnes() {
        final CaseRun run = CaseRun.of(CASE_06);

        assertThat(key(run, 2)).isEqualTo(key(run, 1));
        assertThat(run.line(2).record().getPrompt()).isEqualTo(run.line(1).record().getPrompt())
                .contains("caf\u00e9 cr\u00e8me");
    }

    @Test
    void shouldGiveAngstromSignTheKeyOfRingA() {
        final CaseRun run = CaseRun.of(CASE_06);

        assertThat(key(run, 6)).isEqualTo(key(run, 5));
        assertThat(run.line(6).record().getPrompt()).contains("\u00c5ngstr\u00f6m").doesNotContain("\u212b");
    }

    @Test
    void shouldNotFoldSuperscriptTwoIntoDigitTwo() {
        final CaseRun run = CaseRun.of(CASE_06);

        assertThat(key(run, 3)).isNotEqualTo(key(run, 4))
                .isNotEqualTo(ContentKey.of("What is x2 when x = 3?", "9", "6"));
        assertThat(run.line(3).record().getPrompt()).contains("x\u00b2");
    }

    @Test
    void shouldStoreKeptRecordsInNfc() {
        CaseRun.of(CASE_06).assertStoredTextIsCleanNfc();
    }

    @Test
    void shouldKeepFirstOccurrenceOfRedeliveredAndResubmittedPairs() {
        final CaseRun run = CaseRun.of(CASE_10);

        assertThat(run.lines(Kind.ACCEPTED)).containsExactly(1, 2, 3);
        assertThat(run.lines(Kind.DUPLICATE)).containsExactly(4, 5, 6);
        assertThat(run.lines(Kind.ACCEPTED).stream().map(line -> run.line(line).record().getId()))
                .containsExactly("r-001", "r-002", "r-003");
    }

    @Test
    void shouldIgnoreRecordIdInContentKey() {
        final CaseRun run = CaseRun.of(CASE_10);
        final PreferenceRecord resubmitted = run.line(6).record();

        assertThat(resubmitted.getId()).isEqualTo("r-004");
        assertThat(resubmitted.getContentKey()).isEqualTo(key(run, 1));
        assertThat(key(run, 4)).isEqualTo(key(run, 2));
        assertThat(key(run, 5)).isEqualTo(key(run, 3));
        assertThat(key(run, 1)).isNotEqualTo(key(run, 2)).isNotEqualTo(key(run, 3));
    }

    private static String key(final CaseRun run, final int line) {
        return run.line(line).record().getContentKey();
    }
}

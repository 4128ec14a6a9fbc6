package io.prefstream.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.prefstream.ingest.format.CaseRun.Kind;
import io.prefstream.schemas.v1.PreferenceRecord;
import org.junit.jupiter.api.Test;

/** Cases 05 and 07: text is stored exactly as given, and bytes that are not UTF-8 are refused, not repaired. */
class TextFidelityCasesTest {

    private static final String CASE_05 = "05-prompt-response-token-boundary.jsonl";
    private static final String CASE_07 = "07-invalid-utf8.bin";

    @Test
    void shouldStoreTokenBoundaryFieldsExactlyAsGiven() {
        final CaseRun run = CaseRun.of(CASE_05);

        assertThat(run.count(Kind.ACCEPTED)).isEqualTo(3);
        for (final CaseFile.Line line : CaseFile.read(CASE_05)) {
            final PreferenceRecord record = run.line(line.number()).record();
            assertThat(record.getPrompt()).isEqualTo(CaseFile.jsonText(line.bytes(), "prompt"));
            assertThat(record.getChosen()).isEqualTo(CaseFile.jsonText(line.bytes(), "chosen"));
            assertThat(record.getRejected()).isEqualTo(CaseFile.jsonText(line.bytes(), "rejected"));
        }
    }

    @Test
    void shouldKeepTrailingSpaceOfPromptAndLeadingSpaceOfResponse() {
        final CaseRun run = CaseRun.of(CASE_05);

        assertThat(run.line(1).record().getPrompt()).isEqualTo("[INST] What did the ticket cost? [/INST] ");
        assertThat(run.line(2).record().getChosen()).isEqualTo(" Canberra.");
        assertThat(run.line(3).record().getChosen()).isEqualTo("ary");
    }

    @Test
    void shouldAcceptValidLinesAroundInvalidUtf8() {
        final CaseRun run = CaseRun.of(CASE_07);

        assertThat(run.lines(Kind.ACCEPTED)).containsExactly(1, 3, 5);
        assertThat(run.lines(Kind.REJECTED)).containsExactly(2, 4);
        run.assertStoredTextIsCleanNfc();
    }

    @Test
    void shouldReportOffsetAndValueOfStrayContinuationByte() {
        final ParseResult.Rejected rejection = CaseRun.of(CASE_07).line(2).rejection();

        assertThat(rejection.reason()).isEqualTo(RejectReason.INVALID_UTF8);
        assertThat(rejection.detail()).contains("byte offset 70 ").contains("0xAC");
    }

    @Test
    void shouldReportOffsetAndValueOfLatin1Byte() {
        final ParseResult.Rejected rejection = CaseRun.of(CASE_07).line(4).rejection();

        assertThat(rejection.reason()).isEqualTo(RejectReason.INVALID_UTF8);
        assertThat(rejection.detail()).contains("byte offset 38 ").contains("0xE9");
    }

    @Test
    void shouldKeepValidTwoByteCharacterIntact() {
        assertThat(CaseRun.of(CASE_07).line(5).record().getPrompt())
                .isEqualTo("Is it na\u00efve to trust every review?");
    }
}

package io.prefstream.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.prefstream.ingest.format.CaseRun.Kind;
import io.prefstream.schemas.v1.PreferenceRecord;
import java.text.Normalizer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cases 01 and 02: where HH-RLHF transcripts are split into prompt and responses. */
class HhSplitCasesTest {

    private static final String CASE_01 = "01-hh-diverge-before-last-turn.jsonl";
    private static final String CASE_02 = "02-hh-multiturn-prompt.jsonl";

    @Test
    void shouldAcceptThreeAndRejectOneWhenTranscriptsDivergeBeforeLastTurn() {
        final CaseRun run = CaseRun.of(CASE_01);

        assertThat(run.lines(Kind.ACCEPTED)).containsExactly(1, 2, 3);
        assertThat(run.lines(Kind.REJECTED)).containsExactly(4);
        assertThat(run.count(Kind.DUPLICATE)).isZero();
    }

    @Test
    void shouldSplitSingleTurnTranscriptAtItsAssistantMarker() {
        final PreferenceRecord record = CaseRun.of(CASE_01).line(1).record();

        assertThat(record.getPrompt()).isEqualTo("\n\nHuman: How do I keep basil alive on a windowsill?\n\nAssistant:");
        assertThat(record.getChosen()).isEqualTo(" Give it at least six hours of direct sun, water when the top of "
                + "the soil is dry, and pinch off flower buds.");
        assertThat(record.getRejected()).isEqualTo(" Basil is a plant.");
    }

    @Test
    void shouldKeepExtraAssistantTurnInChosenResponse() {
        final PreferenceRecord record = CaseRun.of(CASE_01).line(2).record();

        assertThat(record.getPrompt()).isEqualTo("\n\nHuman: Can you recommend a board game for four players?"
                + "\n\nAssistant: Do you prefer cooperative or competitive games?"
                + "\n\nHuman: Competitive, but nothing that takes all night.\n\nAssistant:");
        assertThat(record.getChosen()).isEqualTo(" A light trading game with short turns would suit you."
                + "\n\nAssistant: Most of them finish in under an hour.");
        assertThat(record.getRejected()).isEqualTo(" Chess.");
    }

    @Test
    void shouldKeepExtraAssistantTurnInRejectedResponse() {
        final PreferenceRecord record = CaseRun.of(CASE_01).line(3).record();

        assertThat(record.getPrompt()).isEqualTo("\n\nHuman: Why does my bread come out dense?\n\nAssistant:");
        assertThat(record.getChosen()).isEqualTo(" Most often the dough has not risen long enough.");
        assertThat(record.getRejected()).isEqualTo(" Bread is dense.\n\nAssistant: Try eating it toasted.");
    }

    @Test
    void shouldRejectTranscriptsThatFirstDifferInHumanTurn() {
        final ParseResult.Rejected rejection = CaseRun.of(CASE_01).line(4).rejection();

        assertThat(rejection.reason()).isEqualTo(RejectReason.PROMPT_MISMATCH);
        assertThat(rejection.detail()).startsWith("record " + CASE_01 + ":4: ").contains("turn 3");
    }

    @Test
    void shouldUseWholeSharedConversationAsPromptAndKeepCommonLeadingWords() {
        final PreferenceRecord record = CaseRun.of(CASE_02).line(1).record();

        assertThat(record.getPrompt()).isEqualTo("\n\nHuman: I'm planning a trip to Lisbon in March."
                + "\n\nAssistant: March is a pleasant time to go; expect mild days and some rain."
                + "\n\nHuman: Should I rent a car?\n\nAssistant:");
        assertThat(record.getChosen())
                .isEqualTo(" I think public transport and walking will serve you better in the city centre.");
        assertThat(record.getRejected()).isEqualTo(" I think so.");
    }

    @Test
    void shouldAllowConsecutiveAssistantTurnsInSharedPrompt() {
        final CaseRun run = CaseRun.of(CASE_02);
        final PreferenceRecord record = run.line(2).record();

        assertThat(run.count(Kind.ACCEPTED)).isEqualTo(2);
        assertThat(record.getPrompt()).isEqualTo("\n\nHuman: My sourdough starter smells like nail polish."
                + "\n\nAssistant: That usually means it is hungry.\n\nAssistant: Feed it more often."
                + "\n\nHuman: How often?\n\nAssistant:");
        assertThat(record.getChosen()).isEqualTo(" Twice a day at room temperature until it smells yeasty again.");
        assertThat(record.getRejected()).isEqualTo(" Twice a week.");
    }

    @Test
    void shouldRebuildBothOriginalTranscriptsFromPromptAndResponse() {
        for (final String file : List.of(CASE_01, CASE_02)) {
            final CaseRun run = CaseRun.of(file);
            for (final CaseFile.Line line : CaseFile.read(file)) {
                if (run.line(line.number()).kind() == Kind.ACCEPTED) {
                    assertRebuilds(run.line(line.number()).record(), line.bytes());
                }
            }
            run.assertStoredTextIsCleanNfc();
        }
    }

    /** Asserts prompt + response gives back each NFC transcript, with a non-blank response on each side. */
    static void assertRebuilds(final PreferenceRecord record, final byte[] line) {
        final String chosen = Normalizer.normalize(CaseFile.jsonText(line, "chosen"), Normalizer.Form.NFC);
        final String rejected = Normalizer.normalize(CaseFile.jsonText(line, "rejected"), Normalizer.Form.NFC);

        assertThat(record.getPrompt() + record.getChosen()).as("chosen of %s", record.getId()).isEqualTo(chosen);
        assertThat(record.getPrompt() + record.getRejected()).as("rejected of %s", record.getId())
                .isEqualTo(rejected);
        assertThat(record.getPrompt()).endsWith(PromptTemplate.ASSISTANT_MARKER);
        assertThat(record.getChosen()).isNotBlank();
        assertThat(record.getRejected()).isNotBlank();
    }
}

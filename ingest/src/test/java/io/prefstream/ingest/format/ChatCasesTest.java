package io.prefstream.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.prefstream.ingest.format.CaseRun.Kind;
import io.prefstream.schemas.v1.ChatMessage;
import io.prefstream.schemas.v1.PreferenceRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Case 12: chat message lists with an implicit (shared prefix) or explicit prompt. */
class ChatCasesTest {

    private static final String CASE_12 = "12-chat-messages.jsonl";

    @Test
    void shouldAcceptThreeAndRejectTwo() {
        final CaseRun run = CaseRun.of(CASE_12);

        assertThat(run.lines(Kind.ACCEPTED)).containsExactly(1, 2, 3);
        assertThat(run.lines(Kind.REJECTED)).containsExactly(4, 5);
    }

    @Test
    void shouldTakeSharedPrefixAsImplicitPrompt() {
        final PreferenceRecord record = CaseRun.of(CASE_12).line(1).record();

        assertThat(record.getPromptMessages())
                .containsExactly(new ChatMessage("user", "How many minutes are in a day?"));
        assertThat(record.getPrompt()).isEqualTo("\n\nHuman: How many minutes are in a day?\n\nAssistant:");
        assertThat(record.getChosen()).isEqualTo("1,440.");
        assertThat(record.getRejected()).isEqualTo("1,000.");
    }

    @Test
    void shouldKeepExplicitPromptWithSystemMessage() {
        final PreferenceRecord record = CaseRun.of(CASE_12).line(2).record();

        assertThat(record.getPromptMessages()).containsExactly(new ChatMessage("system", "Answer briefly."),
                new ChatMessage("user", "What is the chemical symbol for gold?"));
        assertThat(record.getPrompt()).isEqualTo(
                "\n\nSystem: Answer briefly.\n\nHuman: What is the chemical symbol for gold?\n\nAssistant:");
        assertThat(record.getChosen()).isEqualTo("Au.");
        assertThat(record.getRejected()).isEqualTo("Ag.");
    }

    @Test
    void shouldTakeFirstThreeMessagesAsMultiTurnPrompt() {
        final PreferenceRecord record = CaseRun.of(CASE_12).line(3).record();

        assertThat(record.getPromptMessages()).extracting(ChatMessage::getRole)
                .containsExactly("user", "assistant", "user");
        assertThat(record.getPromptMessages()).extracting(ChatMessage::getContent)
                .containsExactly("I need a gift idea.", "Who is it for?", "My grandmother, she gardens.");
        assertThat(record.getChosen()).isEqualTo("A good pair of pruning shears.");
        assertThat(record.getRejected()).isEqualTo("Socks.");
        assertThat(record.getPrompt()).isEqualTo(PromptTemplate.render(List.copyOf(record.getPromptMessages())));
    }

    @Test
    void shouldRejectChosenEndingWithUserMessage() {
        final ParseResult.Rejected rejection = CaseRun.of(CASE_12).line(4).rejection();

        assertThat(rejection.reason()).isEqualTo(RejectReason.LAST_TURN_NOT_ASSISTANT);
        assertThat(rejection.field()).isEqualTo("chosen");
    }

    @Test
    void shouldRejectConversationsWhoseFirstUserMessagesDiffer() {
        final ParseResult.Rejected rejection = CaseRun.of(CASE_12).line(5).rejection();

        assertThat(rejection.reason()).isEqualTo(RejectReason.PROMPT_MISMATCH);
        assertThat(rejection.detail()).doesNotContain("Mars").doesNotContain("Venus");
    }

    /** UltraFeedback's binarized rows: a prompt string, and chosen and rejected lists that start with it again. */
    @Test
    void shouldNotRepeatAPromptBothListsAlreadyBeginWith() {
        final PreferenceRecord record = accepted("{'prompt': 'How many legs does a spider have?',"
                + " 'chosen': [{'role': 'user', 'content': 'How many legs does a spider have?'},"
                + " {'role': 'assistant', 'content': 'Eight.'}],"
                + " 'rejected': [{'role': 'user', 'content': 'How many legs does a spider have?'},"
                + " {'role': 'assistant', 'content': 'Six.'}], 'score_chosen': 9.0}");

        assertThat(record.getPromptMessages())
                .containsExactly(new ChatMessage("user", "How many legs does a spider have?"));
        assertThat(record.getPrompt()).isEqualTo("\n\nHuman: How many legs does a spider have?\n\nAssistant:");
        assertThat(record.getChosen()).isEqualTo("Eight.");
        assertThat(record.getRejected()).isEqualTo("Six.");
        assertThat(record.getContentKey()).as("the same judgment with the prompt given once").isEqualTo(
                accepted("{'prompt': 'How many legs does a spider have?', 'chosen': [{'role': 'assistant',"
                        + " 'content': 'Eight.'}], 'rejected': [{'role': 'assistant', 'content': 'Six.'}]}")
                        .getContentKey());
    }

    @Test
    void shouldStillPrependAPromptOnlyOneListBeginsWith() {
        final ParseResult result = Records.parse("{'prompt': 'Q?',"
                + " 'chosen': [{'role': 'user', 'content': 'Q?'}, {'role': 'assistant', 'content': 'A.'}],"
                + " 'rejected': [{'role': 'assistant', 'content': 'B.'}]}");

        assertThat(Records.rejected(result).reason()).isEqualTo(RejectReason.PROMPT_MISMATCH);
    }

    private static PreferenceRecord accepted(final String singleQuoted) {
        return Records.accepted(Records.parse(singleQuoted));
    }
}

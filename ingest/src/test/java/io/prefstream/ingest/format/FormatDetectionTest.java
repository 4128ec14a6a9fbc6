package io.prefstream.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.prefstream.schemas.v1.ChatMessage;
import io.prefstream.schemas.v1.PreferenceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Format detection and the less common shapes of each format, beyond the fault cases. */
class FormatDetectionTest {

    @Test
    void shouldRejectPlainChosenAndRejectedWithoutPromptAsMissingPrompt() {
        final ParseResult.Rejected rejection = Records.rejected(Records.parse("{'chosen': 'a', 'rejected': 'b'}"));

        assertThat(rejection.reason()).isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(rejection.field()).isEqualTo("prompt");
    }

    @Test
    void shouldTreatHumanLabelWithoutBlankLineAsText() {
        final PreferenceRecord record = Records.accepted(Records.parse("{'chosen': '\\n\\nHuman: a\\nHuman: b"
                + "\\n\\nAssistant: yes', 'rejected': '\\n\\nHuman: a\\nHuman: b\\n\\nAssistant: no'}"));

        assertThat(record.getPrompt()).isEqualTo("\n\nHuman: a\nHuman: b\n\nAssistant:");
        assertThat(record.getChosen()).isEqualTo(" yes");
    }

    @Test
    void shouldSplitAtLastSharedAssistantTurnWhenOneTranscriptOnlyAddsTurns() {
        final PreferenceRecord record = Records.accepted(Records.parse("{'chosen': '\\n\\nHuman: q\\n\\nAssistant: a"
                + "\\n\\nAssistant: more', 'rejected': '\\n\\nHuman: q\\n\\nAssistant: a'}"));

        assertThat(record.getPrompt()).isEqualTo("\n\nHuman: q\n\nAssistant:");
        assertThat(record.getChosen()).isEqualTo(" a\n\nAssistant: more");
        assertThat(record.getRejected()).isEqualTo(" a");
    }

    @Test
    void shouldReadMessagesAsPromptWithStringResponses() {
        final PreferenceRecord record = Records.accepted(Records.parse("{'messages': [{'role': 'User', "
                + "'content': 'Hi'}], 'chosen': 'Hello!', 'rejected': 'Go away.'}"));

        assertThat(record.getPromptMessages()).containsExactly(new ChatMessage("user", "Hi"));
        assertThat(record.getChosen()).isEqualTo("Hello!");
        assertThat(record.getRejected()).isEqualTo("Go away.");
    }

    @Test
    void shouldReadStringPromptWithMessageListResponsesAsOneUserMessage() {
        final PreferenceRecord record = Records.accepted(Records.parse("{'prompt': 'Hi', "
                + "'chosen': [{'role': 'assistant', 'content': 'Hello!'}], "
                + "'rejected': [{'role': 'assistant', 'content': 'Bye.'}]}"));

        assertThat(record.getPrompt()).isEqualTo("\n\nHuman: Hi\n\nAssistant:");
        assertThat(record.getChosen()).isEqualTo("Hello!");
    }

    @Test
    void shouldKeepLaterTurnsWhenChatDivergesBeforeLastMessage() {
        final PreferenceRecord record = Records.accepted(Records.parse("{'chosen': [{'role': 'user', 'content': 'q'},"
                + " {'role': 'assistant', 'content': 'a1'}, {'role': 'user', 'content': 'u2'},"
                + " {'role': 'assistant', 'content': 'a2'}], 'rejected': [{'role': 'user', 'content': 'q'},"
                + " {'role': 'assistant', 'content': 'b1'}]}"));

        assertThat(record.getPromptMessages()).containsExactly(new ChatMessage("user", "q"));
        assertThat(record.getChosen()).isEqualTo("a1\n\nHuman: u2\n\nAssistant: a2");
        assertThat(record.getRejected()).isEqualTo("b1");
    }

    @Test
    void shouldRejectIdenticalChatConversations() {
        final String side = "[{'role': 'user', 'content': 'q'}, {'role': 'assistant', 'content': 'a'}]";

        assertThat(Records.rejected(Records.parse("{'chosen': " + side + ", 'rejected': " + side + "}")).reason())
                .isEqualTo(RejectReason.IDENTICAL_RESPONSES);
    }

    @Test
    void shouldRejectChatWithoutAnyPromptMessage() {
        final ParseResult.Rejected rejection = Records.rejected(Records.parse("{'chosen': [{'role': 'assistant', "
                + "'content': 'a'}], 'rejected': [{'role': 'assistant', 'content': 'b'}]}"));

        assertThat(rejection.reason()).isEqualTo(RejectReason.EMPTY_PROMPT);
    }

    @Test
    void shouldRejectMessageWithoutContentNamingItsList() {
        final ParseResult.Rejected rejection = Records.rejected(Records.parse("{'chosen': [{'role': 'user', "
                + "'content': 'q'}, {'role': 'assistant'}], 'rejected': [{'role': 'user', 'content': 'q'}]}"));

        assertThat(rejection.reason()).isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(rejection.field()).isEqualTo("chosen");
        assertThat(rejection.detail()).contains("chosen[1].content");
    }

    @Test
    void shouldRejectEmptyResponseList() {
        final ParseResult.Rejected rejection = Records.rejected(Records.parse("{'prompt': [{'role': 'user', "
                + "'content': 'q'}], 'chosen': [{'role': 'assistant', 'content': 'a'}], 'rejected': []}"));

        assertThat(rejection.reason()).isEqualTo(RejectReason.EMPTY_RESPONSE);
        assertThat(rejection.field()).isEqualTo("rejected");
    }

    @Test
    void shouldReadNumericWinnerAndMessageListPrompt() {
        final PreferenceRecord record = Records.accepted(Records.parse("{'prompt': [{'role': 'user', 'content': "
                + "'q'}], 'response_a': 'a', 'response_b': 'b', 'winner': 2}"));

        assertThat(record.getChosen()).isEqualTo("b");
        assertThat(record.getPrompt()).isEqualTo("\n\nHuman: q\n\nAssistant:");
    }

    @Test
    void shouldRejectPairwiseRecordWithoutWinner() {
        final ParseResult.Rejected rejection = Records.rejected(Records.parse("{'prompt': 'q', "
                + "'response_a': 'a', 'response_b': 'b'}"));

        assertThat(rejection.reason()).isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(rejection.field()).isEqualTo("winner");
    }

    @Test
    void shouldUseForcedFormatInsteadOfDetection() {
        final JudgmentParser parser = new JudgmentParser(ParserConfig.defaults().withForcedFormat(InputFormat.HH));

        final ParseResult.Rejected rejection = Records.rejected(Records.parse(parser,
                "{'prompt': 'q', 'chosen': 'a', 'rejected': 'b'}"));

        assertThat(rejection.reason()).isEqualTo(RejectReason.LAST_TURN_NOT_ASSISTANT);
    }

    @Test
    void shouldRejectMessageListPromptWhenPreferenceFormatIsForced() {
        final JudgmentParser parser =
                new JudgmentParser(ParserConfig.defaults().withForcedFormat(InputFormat.PREFERENCE));

        final ParseResult.Rejected rejection = Records.rejected(Records.parse(parser,
                "{'prompt': [], 'chosen': 'a', 'rejected': 'b'}"));

        assertThat(rejection.reason()).isEqualTo(RejectReason.WRONG_TYPE);
        assertThat(rejection.field()).isEqualTo("prompt");
    }

    @Test
    void shouldRejectChosenAndRejectedTogetherWithPairwiseFieldsNamingBothSets() {
        final ParseResult.Rejected rejection = Records.rejected(Records.parse("{'id': 'both', 'prompt': 'Q73', "
                + "'chosen': 'A73', 'rejected': 'B73', 'response_a': 'X', 'response_b': 'Y', 'winner': 'model_b'}"));

        assertThat(rejection.reason()).isEqualTo(RejectReason.AMBIGUOUS_FORMAT);
        assertThat(rejection.field()).isNull();
        assertThat(rejection.detail()).startsWith("record " + Records.REF + ": ")
                .contains("chosen, rejected").contains("response_a, response_b, winner");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'prompt': 'q', 'chosen': 'a', 'response_b': 'y', 'winner': 'model_b'}",
        "{'prompt': 'q', 'chosen': 'a', 'rejected': 'b', 'winner': 'model_b'}",
        "{'prompt': 'q', 'chosen': 'a', 'rejected': 'b', 'choice': 1}",
        "{'chosen': '\\n\\nHuman: q\\n\\nAssistant: a', 'rejected': '\\n\\nHuman: q\\n\\nAssistant: b', "
                + "'response_a': 'a'}",
        "{'chosen': [{'role': 'user', 'content': 'q'}, {'role': 'assistant', 'content': 'a'}], "
                + "'rejected': [{'role': 'user', 'content': 'q'}, {'role': 'assistant', 'content': 'b'}], "
                + "'response_a': 'a', 'response_b': 'b', 'winner': 'model_a'}",
        "{'messages': [{'role': 'user', 'content': 'q'}], 'response_a': 'a', 'response_b': 'b', 'winner': 'a'}"
    })
    void shouldRejectEveryMixOfPairwiseAndOtherFormatFields(final String record) {
        final ParseResult.Rejected rejection = Records.rejected(Records.parse(record));

        assertThat(rejection.reason()).isEqualTo(RejectReason.AMBIGUOUS_FORMAT);
        assertThat(rejection.detail()).contains("pairwise");
    }

    @ParameterizedTest
    @EnumSource(value = InputFormat.class, mode = EnumSource.Mode.EXCLUDE, names = "AUTO")
    void shouldRejectMixedFormatsAlsoWhenAFormatIsForced(final InputFormat format) {
        final JudgmentParser parser = new JudgmentParser(ParserConfig.defaults().withForcedFormat(format));

        assertThat(Records.rejected(Records.parse(parser, "{'prompt': 'q', 'chosen': 'a', 'rejected': 'b', "
                + "'response_a': 'a', 'response_b': 'b', 'winner': 'model_b'}")).reason())
                .isEqualTo(RejectReason.AMBIGUOUS_FORMAT);
    }

    @Test
    void shouldStillAcceptPromptTogetherWithMessagesAsUltraFeedbackRowsHaveThem() {
        final String chosen = "[{'role': 'user', 'content': 'q'}, {'role': 'assistant', 'content': 'a'}]";
        final PreferenceRecord record = Records.accepted(Records.parse("{'prompt': 'q', 'messages': " + chosen
                + ", 'chosen': " + chosen + ", 'rejected': [{'role': 'user', 'content': 'q'}, "
                + "{'role': 'assistant', 'content': 'b'}]}"));

        assertThat(record.getPromptMessages()).containsExactly(new ChatMessage("user", "q"));
        assertThat(record.getChosen()).isEqualTo("a");
    }

    @Test
    void shouldRejectHhTranscriptThatGoesOnWithHumanTurnWhereTheOtherEnds() {
        final ParseResult.Rejected rejection = Records.rejected(Records.parse("{'chosen': '\\n\\nHuman: hi6"
                + "\\n\\nAssistant: A', 'rejected': '\\n\\nHuman: hi6\\n\\nAssistant: A\\n\\nHuman: more"
                + "\\n\\nAssistant: B'}"));

        assertThat(rejection.reason()).isEqualTo(RejectReason.PROMPT_MISMATCH);
        assertThat(rejection.field()).isEqualTo("prompt");
        assertThat(rejection.detail()).contains("turn 3").contains("rejected");
    }

    @Test
    void shouldRejectLongerChosenTranscriptWhoseFirstExtraTurnIsHuman() {
        final ParseResult.Rejected rejection = Records.rejected(Records.parse("{'chosen': '\\n\\nHuman: q"
                + "\\n\\nAssistant: a\\n\\nHuman: more\\n\\nAssistant: b', "
                + "'rejected': '\\n\\nHuman: q\\n\\nAssistant: a'}"));

        assertThat(rejection.reason()).isEqualTo(RejectReason.PROMPT_MISMATCH);
        assertThat(rejection.detail()).contains("turn 3").contains("chosen");
    }

    @Test
    void shouldRejectChatConversationThatGoesOnWithUserMessageWhereTheOtherEnds() {
        final String shared = "{'role': 'user', 'content': 'q'}, {'role': 'assistant', 'content': 'a'}";
        final ParseResult.Rejected rejection = Records.rejected(Records.parse("{'chosen': [" + shared + "], "
                + "'rejected': [" + shared + ", {'role': 'user', 'content': 'more'}, "
                + "{'role': 'assistant', 'content': 'b'}]}"));

        assertThat(rejection.reason()).isEqualTo(RejectReason.PROMPT_MISMATCH);
        assertThat(rejection.detail()).contains("message 3");
    }

    @Test
    void shouldStillSplitChatAtLastSharedAssistantMessageWhenOneOnlyAddsAssistantMessages() {
        final String shared = "{'role': 'user', 'content': 'q'}, {'role': 'assistant', 'content': 'a'}";
        final PreferenceRecord record = Records.accepted(Records.parse("{'chosen': [" + shared + ", "
                + "{'role': 'assistant', 'content': 'more'}], 'rejected': [" + shared + "]}"));

        assertThat(record.getPromptMessages()).containsExactly(new ChatMessage("user", "q"));
        assertThat(record.getChosen()).isEqualTo("a\n\nAssistant: more");
        assertThat(record.getRejected()).isEqualTo("a");
    }

    @Test
    void shouldRejectStringResponseBesideMessageListAsWrongTypeNamingTheStringSide() {
        final ParseResult.Rejected rejection = Records.rejected(Records.parse("{'prompt': 'Q33', "
                + "'chosen': [{'role': 'user', 'content': 'Q33'}, {'role': 'assistant', 'content': 'A33'}], "
                + "'rejected': 'B33'}"));

        assertThat(rejection.reason()).isEqualTo(RejectReason.WRONG_TYPE);
        assertThat(rejection.field()).isEqualTo("rejected");
        assertThat(rejection.detail()).contains("rejected is string").contains("chosen").doesNotContain("B33");
    }

    @Test
    void shouldRejectStringChosenBesideMessageListRejectedNamingChosen() {
        final ParseResult.Rejected rejection = Records.rejected(Records.parse("{'prompt': 'q', 'chosen': 'a', "
                + "'rejected': [{'role': 'assistant', 'content': 'b'}]}"));

        assertThat(rejection.reason()).isEqualTo(RejectReason.WRONG_TYPE);
        assertThat(rejection.field()).isEqualTo("chosen");
    }
}

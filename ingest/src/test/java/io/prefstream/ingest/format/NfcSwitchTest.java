package io.prefstream.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.prefstream.ingest.format.CaseRun.Kind;
import io.prefstream.schemas.v1.ChatMessage;
import io.prefstream.schemas.v1.PreferenceRecord;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The NFC switch governs both the text as stored and the content key. */
class NfcSwitchTest {

    private static final String CASE_06 = "06-unicode-nfc-nfd-duplicates.jsonl";
    private static final JudgmentParser NFC_ON = new JudgmentParser(ParserConfig.defaults());
    private static final JudgmentParser NFC_OFF = new JudgmentParser(ParserConfig.defaults().withNfc(false));

    private static final String COMPOSED = "{'prompt': 'caf\u00e9?', 'chosen': 'oui', 'rejected': 'non'}";
    private static final String DECOMPOSED = "{'prompt': 'cafe\u0301?', 'chosen': 'oui', 'rejected': 'non'}";

    @Test
    void shouldTreatCompositionVariantsAsDuplicatesWithNfcOn() {
        final PreferenceRecord composed = Records.accepted(Records.parse(NFC_ON, COMPOSED));
        final PreferenceRecord decomposed = Records.accepted(Records.parse(NFC_ON, DECOMPOSED));

        assertThat(decomposed.getContentKey()).isEqualTo(composed.getContentKey());
        assertThat(decomposed.getPairKey()).isEqualTo(composed.getPairKey());
        assertThat(decomposed.getPrompt()).isEqualTo("caf\u00e9?");
    }

    @Test
    void shouldKeepCompositionVariantsApartWithNfcOff() {
        final PreferenceRecord composed = Records.accepted(Records.parse(NFC_OFF, COMPOSED));
        final PreferenceRecord decomposed = Records.accepted(Records.parse(NFC_OFF, DECOMPOSED));

        assertThat(decomposed.getContentKey()).isNotEqualTo(composed.getContentKey());
        assertThat(decomposed.getPairKey()).isNotEqualTo(composed.getPairKey());
    }

    @Test
    void shouldStoreTextAsReceivedWithNfcOff() {
        final PreferenceRecord record = Records.accepted(Records.parse(NFC_OFF,
                "{'id': 'cafe\u0301-1', 'prompt': 'cafe\u0301?', 'chosen': '\u212b', 'rejected': 'non',"
                        + " 'annotator_id': 'rene\u0301', 'batch': 'e\u0301'}"));

        assertThat(record.getPrompt()).isEqualTo("cafe\u0301?");
        assertThat(record.getChosen()).isEqualTo("\u212b");
        assertThat(record.getId()).isEqualTo("cafe\u0301-1");
        assertThat(record.getAnnotatorId()).isEqualTo("rene\u0301");
        assertThat(record.getMetadata()).containsEntry("batch", "e\u0301");
        assertThat(record.getContentKey()).isEqualTo(ContentKey.of("cafe\u0301?", "\u212b", "non",
                ParserConfig.defaults().withNfc(false)));
    }

    @Test
    void shouldStoreEveryTextFieldInNfcWithNfcOn() {
        final PreferenceRecord record = Records.accepted(Records.parse(NFC_ON,
                "{'id': 'cafe\u0301-1', 'prompt': 'cafe\u0301?', 'chosen': '\u212b', 'rejected': 'non',"
                        + " 'annotator_id': 'rene\u0301', 'batch': 'e\u0301'}"));

        assertThat(record.getPrompt()).isEqualTo("caf\u00e9?");
        assertThat(record.getChosen()).isEqualTo("\u00c5");
        assertThat(record.getId()).isEqualTo("caf\u00e9-1");
        assertThat(record.getAnnotatorId()).isEqualTo("ren\u00e9");
        assertThat(record.getMetadata()).containsEntry("batch", "\u00e9");
    }

    @Test
    void shouldComposeTextWrittenAsJsonEscapesWithNfcOn() {
        final String escaped = "{\"prompt\": \"cafe\\u0301?\", \"chosen\": \"oui\", \"rejected\": \"non\"}";

        final PreferenceRecord on = Records.accepted(NFC_ON.parse(escaped.getBytes(StandardCharsets.UTF_8), "test", "ref"));
        final PreferenceRecord off = Records.accepted(NFC_OFF.parse(escaped.getBytes(StandardCharsets.UTF_8), "test", "ref"));

        assertThat(on.getPrompt()).isEqualTo("caf\u00e9?");
        assertThat(off.getPrompt()).isEqualTo("cafe\u0301?");
    }

    @Test
    void shouldCompareChatMessagesAfterNfcWhenOn() {
        // The two conversations share their first message only once NFC is applied.
        final String chat = "{'chosen': [{'role': 'user', 'content': 'cafe\u0301?'},"
                + " {'role': 'assistant', 'content': 'oui'}],"
                + " 'rejected': [{'role': 'user', 'content': 'caf\u00e9?'}, {'role': 'assistant', 'content': 'non'}]}";

        final PreferenceRecord on = Records.accepted(Records.parse(NFC_ON, chat));
        final ParseResult.Rejected off = Records.rejected(Records.parse(NFC_OFF, chat));

        assertThat(on.getPromptMessages()).extracting(ChatMessage::getContent).containsExactly("caf\u00e9?");
        assertThat(off.reason()).isEqualTo(RejectReason.PROMPT_MISMATCH);
    }

    @Test
    void shouldAcceptEveryLineOfTheUnicodeCaseWithNfcOff() {
        final CaseRun on = CaseRun.of(CASE_06, CaseFile.read(CASE_06), NFC_ON);
        final CaseRun off = CaseRun.of(CASE_06, CaseFile.read(CASE_06), NFC_OFF);

        assertThat(on.lines(Kind.DUPLICATE)).containsExactly(2, 6);
        assertThat(off.lines(Kind.DUPLICATE)).as("lines 2 and 6 differ from 1 and 5 only in composition").isEmpty();
        assertThat(off.lines(Kind.ACCEPTED)).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(off.line(6).record().getPrompt()).contains("\u212b");
    }
}

package io.prefstream.ingest.format;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Converts HH-RLHF records ({@code chosen} and {@code rejected} are whole transcripts).
 *
 * <p>The prompt is the transcript up to and including the assistant marker that opens the first turn in
 * which the two differ; the responses are the rest of each transcript, verbatim, so that
 * {@code prompt + chosen} and {@code prompt + rejected} give back the originals. When one transcript goes on
 * after the other ends, its first extra turn must be an assistant turn, and the split falls on the last shared
 * assistant turn; see {@link ResponseSplit}.
 */
final class HhConverter implements PairConverter {

    @Override
    public ConvertedPair convert(final ObjectNode node) {
        final String chosenText = JsonFields.requiredText(node, "chosen");
        final String rejectedText = JsonFields.requiredText(node, "rejected");
        requireContent(chosenText, "chosen");
        requireContent(rejectedText, "rejected");
        final HhTranscript chosen = HhTranscript.parse(chosenText);
        final HhTranscript rejected = HhTranscript.parse(rejectedText);
        requireAssistantLast(chosen, "chosen");
        requireAssistantLast(rejected, "rejected");
        final int split = chosen.turn(splitTurn(chosen, rejected)).contentStart();
        return new ConvertedPair(chosenText.substring(0, split), null,
                chosenText.substring(split), rejectedText.substring(split));
    }

    /** Returns the index of the assistant turn whose content starts both responses. */
    private static int splitTurn(final HhTranscript chosen, final HhTranscript rejected) {
        if (!chosen.samePreamble(rejected)) {
            throw new RecordRejection(RejectReason.PROMPT_MISMATCH, "prompt",
                    "chosen and rejected differ before their first turn, so they share no prompt");
        }
        return ResponseSplit.responseStart(chosen.firstDifferentTurn(rejected), chosen.size(), rejected.size(),
                i -> chosen.turn(i).assistant(), i -> rejected.turn(i).assistant(), "turn");
    }

    private static void requireContent(final String transcript, final String field) {
        if (VisibleText.isBlank(transcript)) {
            throw new RecordRejection(RejectReason.EMPTY_RESPONSE, field, field + " transcript is empty");
        }
    }

    private static void requireAssistantLast(final HhTranscript transcript, final String field) {
        if (!transcript.endsWithAssistant()) {
            throw new RecordRejection(RejectReason.LAST_TURN_NOT_ASSISTANT, field, String.format(
                    "%s transcript (%d turns) does not end with an Assistant turn", field, transcript.size()));
        }
    }
}

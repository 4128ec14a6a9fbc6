package io.prefstream.ingest.format;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Converts HH-RLHF records ({@code chosen} and {@code rejected} are whole transcripts).
 *
 * <p>The prompt is the transcript up to and including the assistant marker that opens the first turn in
 * which the two differ; the responses are the rest of each transcript, verbatim, so that
 * {@code prompt + chosen} and {@code prompt + rejected} give back the originals. When one transcript only
 * adds turns after the other ends, the split falls on the last shared assistant turn.
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
        final int first = chosen.firstDifferentTurn(rejected);
        if (first < chosen.size() && first < rejected.size()) {
            if (!chosen.turn(first).assistant() || !rejected.turn(first).assistant()) {
                throw new RecordRejection(RejectReason.PROMPT_MISMATCH, "prompt", String.format(
                        "chosen and rejected first differ in turn %d, not an Assistant turn on both sides, "
                                + "so they share no prompt", first + 1));
            }
            return first;
        }
        // One transcript ends where the other goes on (or they are equal): both end with an assistant turn,
        // so the last shared turn is one, and the responses start there.
        return first - 1;
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

package io.prefstream.ingest.format;

import java.util.function.IntPredicate;

/**
 * Where the responses begin in two conversations that share a prompt: the rule the HH and chat converters share.
 *
 * <p>The responses begin at the first turn in which chosen and rejected differ, and that turn must be an
 * assistant turn: on both sides when both have it, on the longer side when one conversation ends where the
 * other goes on. In the second case the shorter side would have an empty response, so the split moves back to
 * the last shared turn, an assistant turn since both conversations end with one. A first difference in any
 * other turn (a human or user turn, or a system message) leaves no shared prompt.
 */
final class ResponseSplit {

    private ResponseSplit() {
    }

    /**
     * Returns the index of the turn whose content starts both responses.
     *
     * @param first               index of the first turn that differs or is missing on one side
     * @param chosenTurns         number of turns of chosen; its last is an assistant turn
     * @param rejectedTurns       number of turns of rejected; its last is an assistant turn
     * @param chosenIsAssistant   whether a turn of chosen, by index, is an assistant turn
     * @param rejectedIsAssistant whether a turn of rejected, by index, is an assistant turn
     * @param unit                what a turn is called in the detail, for example {@code "turn"}
     * @throws RecordRejection {@link RejectReason#PROMPT_MISMATCH} when the first difference is not an assistant turn
     */
    static int responseStart(final int first, final int chosenTurns, final int rejectedTurns,
            final IntPredicate chosenIsAssistant, final IntPredicate rejectedIsAssistant, final String unit) {
        if (first < chosenTurns && first < rejectedTurns) {
            if (!chosenIsAssistant.test(first) || !rejectedIsAssistant.test(first)) {
                throw new RecordRejection(RejectReason.PROMPT_MISMATCH, "prompt", String.format(
                        "chosen and rejected first differ in %s %d, not an assistant %s on both sides, "
                                + "so they share no prompt", unit, first + 1, unit));
            }
            return first;
        }
        if (chosenTurns != rejectedTurns) {
            final boolean chosenLonger = chosenTurns > rejectedTurns;
            if (!(chosenLonger ? chosenIsAssistant : rejectedIsAssistant).test(first)) {
                throw new RecordRejection(RejectReason.PROMPT_MISMATCH, "prompt", String.format(
                        "%s goes on where %s ends, and its %s %d, the first difference, is not an assistant %s, "
                                + "so they share no prompt", chosenLonger ? "chosen" : "rejected",
                        chosenLonger ? "rejected" : "chosen", unit, first + 1, unit));
            }
        }
        // The shorter side (or either, when they are equal) ends with the last shared turn, an assistant turn.
        return first - 1;
    }
}

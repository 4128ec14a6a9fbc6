package io.prefstream.ingest.format;

import java.util.ArrayList;
import java.util.List;

/**
 * An HH-RLHF transcript split into turns at the {@code "\n\nHuman:"} and {@code "\n\nAssistant:"} markers
 * only; a speaker label without the blank line before it is ordinary text.
 */
final class HhTranscript {

    private static final String BLANK_LINE = "\n\n";
    private static final String HUMAN_LABEL = "Human:";
    private static final String ASSISTANT_LABEL = "Assistant:";

    /**
     * One turn: its marker starts at {@code markerStart}, its content runs from {@code contentStart} (just
     * after the marker's colon) to {@code end}.
     */
    record Turn(boolean assistant, int markerStart, int contentStart, int end) {
    }

    private final String text;
    private final List<Turn> turns;

    private HhTranscript(final String text, final List<Turn> turns) {
        this.text = text;
        this.turns = turns;
    }

    /** Splits a transcript into turns. */
    static HhTranscript parse(final String text) {
        final List<Turn> turns = new ArrayList<>();
        int at = text.indexOf(BLANK_LINE);
        while (at >= 0) {
            final int labelStart = at + BLANK_LINE.length();
            final boolean human = text.startsWith(HUMAN_LABEL, labelStart);
            final boolean assistant = !human && text.startsWith(ASSISTANT_LABEL, labelStart);
            if (human || assistant) {
                final int contentStart = labelStart + (human ? HUMAN_LABEL : ASSISTANT_LABEL).length();
                closeLast(turns, at);
                turns.add(new Turn(assistant, at, contentStart, text.length()));
                at = text.indexOf(BLANK_LINE, contentStart);
            } else {
                at = text.indexOf(BLANK_LINE, at + 1);
            }
        }
        return new HhTranscript(text, List.copyOf(turns));
    }

    int size() {
        return turns.size();
    }

    Turn turn(final int index) {
        return turns.get(index);
    }

    /** Returns whether the transcript has turns and the last is an assistant turn. */
    boolean endsWithAssistant() {
        return !turns.isEmpty() && turns.get(turns.size() - 1).assistant();
    }

    /** Returns whether both transcripts have the same text before their first marker. */
    boolean samePreamble(final HhTranscript other) {
        final int length = preambleEnd();
        return length == other.preambleEnd() && text.regionMatches(0, other.text, 0, length);
    }

    /** Returns the index of the first turn that differs in role or content, or is missing on one side. */
    int firstDifferentTurn(final HhTranscript other) {
        final int common = Math.min(size(), other.size());
        for (int i = 0; i < common; i++) {
            if (!sameTurn(turn(i), other.text, other.turn(i))) {
                return i;
            }
        }
        return common;
    }

    private boolean sameTurn(final Turn mine, final String otherText, final Turn theirs) {
        final int length = mine.end() - mine.contentStart();
        return mine.assistant() == theirs.assistant()
                && length == theirs.end() - theirs.contentStart()
                && text.regionMatches(mine.contentStart(), otherText, theirs.contentStart(), length);
    }

    private int preambleEnd() {
        return turns.isEmpty() ? text.length() : turns.get(0).markerStart();
    }

    private static void closeLast(final List<Turn> turns, final int end) {
        if (!turns.isEmpty()) {
            final Turn last = turns.remove(turns.size() - 1);
            turns.add(new Turn(last.assistant(), last.markerStart(), last.contentStart(), end));
        }
    }
}

package io.prefstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SequenceEncoderTest {

    private static final int LONG_ENOUGH = 64;

    @Test
    void shouldKeepPromptAndResponseIdsSeparateAtTheSeam() {
        TokenizedSequence sequence = new SequenceEncoder(LONG_ENOUGH, 16).encode("Price: ", "$5");

        assertThat(sequence.tokens()).containsExactly(ByteTokenizer.BOS, 'P', 'r', 'i', 'c', 'e', ':', ' ', '$', '5',
                ByteTokenizer.EOS);
        assertThat(sequence.responseStart()).isEqualTo(8);
        assertThat(sequence.promptIds()).isEqualTo(ByteTokenizer.INSTANCE.encode("Price: "));
        assertThat(sequence.responseIds()).isEqualTo(ByteTokenizer.INSTANCE.encode("$5"));
    }

    @Test
    void shouldScoreExactlyTheResponseAndEosTargets() {
        TokenizedSequence sequence = new SequenceEncoder(LONG_ENOUGH, 16).encode("Price: ", "$5");

        List<Integer> scored = new ArrayList<>();
        for (int position = 0; position < sequence.length() - 1; position++) {
            if (sequence.isScoredTarget(position)) {
                scored.add(position);
            }
        }
        // input position p predicts token p + 1: positions 7, 8, 9 predict '$', '5', EOS
        assertThat(scored).containsExactly(7, 8, 9);
        assertThat(sequence.scoredCount()).isEqualTo(3);
    }

    @Test
    void shouldDecodeScoredTargetsBackToTheResponse() {
        TokenizedSequence sequence = new SequenceEncoder(LONG_ENOUGH, 16).encode("Price: ", "$5");

        int[] targets = new int[sequence.scoredCount()];
        int next = 0;
        for (int position = 0; position < sequence.length() - 1; position++) {
            if (sequence.isScoredTarget(position)) {
                targets[next++] = sequence.tokens()[position + 1];
            }
        }
        assertThat(ByteTokenizer.INSTANCE.decode(targets)).isEqualTo("$5");
    }

    @Test
    void shouldCutThePromptFromTheLeftToFit() {
        SequenceEncoder encoder = new SequenceEncoder(8, 4);

        // BOS + 3 prompt bytes + "xyz" + EOS = 8
        TokenizedSequence sequence = encoder.encode("abcdefghij", "xyz");

        assertThat(ByteTokenizer.INSTANCE.decode(sequence.promptIds())).isEqualTo("hij");
        assertThat(ByteTokenizer.INSTANCE.decode(sequence.responseIds())).isEqualTo("xyz");
        assertThat(sequence.length()).isEqualTo(8);
        assertThat(encoder.stats()).isEqualTo(new TruncationStats(1, 0, 1, 7));
    }

    @Test
    void shouldCapTheResponseAndDropItsEos() {
        SequenceEncoder encoder = new SequenceEncoder(LONG_ENOUGH, 2);

        TokenizedSequence sequence = encoder.encode("q", "xyz");

        assertThat(ByteTokenizer.INSTANCE.decode(sequence.responseIds())).isEqualTo("xy");
        assertThat(sequence.tokens()[sequence.length() - 1]).isEqualTo('y');
        assertThat(encoder.stats().responsesTruncated()).isEqualTo(1);
    }

    @Test
    void shouldCountEachByteOfMultibyteText() {
        TokenizedSequence sequence = new SequenceEncoder(LONG_ENOUGH, 16).encode("é", "€");

        assertThat(sequence.promptIds()).hasSize(2);
        assertThat(sequence.responseIds()).hasSize(3);
        assertThat(ByteTokenizer.INSTANCE.decode(sequence.responseIds())).isEqualTo("€");
    }

    @Test
    void shouldLeaveRoomForNewTokensInGenerationContext() {
        int[] context = new SequenceEncoder(8, 4).context(ByteTokenizer.INSTANCE.encode("abcdefghij"), 3);

        // BOS + 4 prompt bytes + 3 reserved = 8
        assertThat(context).containsExactly(ByteTokenizer.BOS, 'g', 'h', 'i', 'j');
    }

    @Test
    void shouldRejectResponseCapThatLeavesNoRoom() {
        assertThatThrownBy(() -> new SequenceEncoder(8, 7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max response tokens");
    }
}

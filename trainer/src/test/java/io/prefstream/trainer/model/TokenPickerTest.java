package io.prefstream.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.prefstream.trainer.data.ByteTokenizer;

class TokenPickerTest {

    private static final int VOCAB = ByteTokenizer.VOCAB_SIZE;

    private static float[] logitsFavouring(int id, float value) {
        float[] logits = new float[VOCAB];
        logits[id] = value;
        return logits;
    }

    @Test
    void shouldPickArgMaxAtZeroTemperature() {
        assertThat(new TokenPicker(0, 0.9).pick(logitsFavouring('a', 3f), 0, VOCAB, new Random(1))).isEqualTo('a');
    }

    @Test
    void shouldNeverPickBosOrPad() {
        float[] logits = new float[VOCAB];
        logits[ByteTokenizer.BOS] = 50f;
        logits[ByteTokenizer.PAD] = 50f;
        logits['z'] = 1f;
        TokenPicker picker = new TokenPicker(1.0, 1.0);
        Random random = new Random(7);

        assertThat(IntStream.range(0, 200).map(i -> picker.pick(logits, 0, VOCAB, random)))
                .doesNotContain(ByteTokenizer.BOS, ByteTokenizer.PAD);
    }

    @Test
    void shouldKeepOnlyTheTopTokenWhenItHoldsTheNucleus() {
        TokenPicker picker = new TokenPicker(1.0, 0.5);
        Random random = new Random(3);

        assertThat(IntStream.range(0, 100).map(i -> picker.pick(logitsFavouring('q', 10f), 0, VOCAB, random)))
                .containsOnly((int) 'q');
    }

    @Test
    void shouldRepeatDrawsForTheSameSeed() {
        TokenPicker picker = new TokenPicker(1.0, 0.95);
        float[] logits = new float[VOCAB];

        int[] first = IntStream.range(0, 50).map(i -> picker.pick(logits, 0, VOCAB, new Random(11 + i))).toArray();
        int[] second = IntStream.range(0, 50).map(i -> picker.pick(logits, 0, VOCAB, new Random(11 + i))).toArray();

        assertThat(first).isEqualTo(second);
    }

    @Test
    void shouldReadTheRowAtTheOffset() {
        float[] rows = new float[2 * VOCAB];
        rows[VOCAB + 'k'] = 9f;

        assertThat(new TokenPicker(0, 1).pick(rows, VOCAB, VOCAB, new Random(1))).isEqualTo('k');
    }

    @Test
    void shouldRefuseToSampleFromLogitsThatAreNotFinite() {
        float[] logits = logitsFavouring('a', 3f);
        logits['b'] = Float.NaN;

        assertThatThrownBy(() -> new TokenPicker(1.0, 0.9).pick(logits, 0, VOCAB, new Random(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not finite");
    }
}

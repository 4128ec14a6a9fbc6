package io.prefstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteTokenizerTest {

    @Test
    void shouldRoundTripUtf8Text() {
        String text = "naïve 5€ \n\nHuman:";

        assertThat(ByteTokenizer.INSTANCE.decode(ByteTokenizer.INSTANCE.encode(text))).isEqualTo(text);
    }

    @Test
    void shouldSkipSpecialIdsWhenDecoding() {
        int[] ids = {ByteTokenizer.BOS, 'o', 'k', ByteTokenizer.EOS, ByteTokenizer.PAD};

        assertThat(ByteTokenizer.INSTANCE.decode(ids)).isEqualTo("ok");
    }

    @Test
    void shouldPlaceSpecialIdsAfterTheBytes() {
        for (int id : new int[] {ByteTokenizer.BOS, ByteTokenizer.EOS, ByteTokenizer.PAD}) {
            assertThat(ByteTokenizer.isByte(id)).as("id %d is a byte", id).isFalse();
            assertThat(id).isLessThan(ByteTokenizer.VOCAB_SIZE);
        }
    }
}

package io.prefstream.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDManager;

import io.prefstream.trainer.data.ByteTokenizer;
import io.prefstream.trainer.data.SequenceEncoder;
import io.prefstream.trainer.data.TokenizedSequence;

class SequenceBatchTest {

    @Test
    void shouldMaskExactlyTheResponseTargetsAndPadTheShorterRow() {
        SequenceEncoder encoder = new SequenceEncoder(32, 8);
        TokenizedSequence price = encoder.encode("Price: ", "$5");
        TokenizedSequence shorter = encoder.encode("Q", "A");

        try (NDManager manager = NDManager.newBaseManager()) {
            SequenceBatch batch = SequenceBatch.of(manager, List.of(price, shorter));

            int width = price.length() - 1;
            assertThat(batch.inputs().getShape().getShape()).containsExactly(2, width);
            float[] mask = batch.mask().toFloatArray();
            long[] targets = batch.targets().toLongArray();
            long[] inputs = batch.inputs().toLongArray();
            assertThat(java.util.Arrays.copyOfRange(mask, 0, width))
                    .containsExactly(0, 0, 0, 0, 0, 0, 0, 1, 1, 1);
            // "Q" + "A" + EOS: position 1 predicts 'A', position 2 predicts EOS, the rest is padding
            assertThat(java.util.Arrays.copyOfRange(mask, width, 2 * width))
                    .containsExactly(0, 1, 1, 0, 0, 0, 0, 0, 0, 0);
            assertThat(inputs[2 * width - 1]).isEqualTo(ByteTokenizer.PAD);

            int[] masked = new int[3];
            int next = 0;
            for (int j = 0; j < width; j++) {
                if (mask[j] == 1f) {
                    masked[next++] = (int) targets[j];
                }
            }
            assertThat(ByteTokenizer.INSTANCE.decode(masked)).isEqualTo("$5");
            assertThat(masked[2]).isEqualTo(ByteTokenizer.EOS);
        }
    }
}

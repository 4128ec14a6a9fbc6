package io.prefstream.schemas.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PromptSplitTest {

    @Test
    void shouldRefuseFractionsOutsideZeroToOneAndNonNumbers() {
        for (double bad : new double[] {-0.1, 1.0, 1.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> PromptSplit.ofFraction(bad)).as("fraction %s", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eval fraction must be in [0, 1)");
        }
    }

    @Test
    void shouldPutEveryPromptInTrainAtZeroAndSomeInEvalAtOneTenth() {
        PromptSplit none = PromptSplit.ofFraction(0);
        PromptSplit tenth = PromptSplit.ofFraction(0.1);
        int eval = 0;
        for (int i = 0; i < 1_000; i++) {
            assertThat(none.isEval("prompt " + i)).isFalse();
            eval += tenth.isEval("prompt " + i) ? 1 : 0;
        }
        assertThat(eval).isBetween(60, 140);
    }
}

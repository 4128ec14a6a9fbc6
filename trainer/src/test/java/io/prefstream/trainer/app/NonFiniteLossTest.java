package io.prefstream.trainer.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.prefstream.trainer.TestRecords;

/** A round whose every step has a loss that is not finite fails clearly instead of publishing NaN weights. */
class NonFiniteLossTest {

    @Test
    void shouldRefuseARoundInWhichNoStepHadAFiniteLoss(@TempDir Path root) {
        // A reward scale beyond float range makes every implicit reward infinite, hence the loss.
        TrainerConfig overflowing = TestRecords.tinyConfig().withBeta(1e39);

        assertThatThrownBy(() -> new SpacTrainingRun().run(TestRecords.data(), overflowing, root, RoundListener.NONE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("round 1")
                .hasMessageContaining("was not finite");
    }
}

package io.prefstream.trainer.app;

import java.io.IOException;
import java.nio.file.Path;

import io.prefstream.trainer.TestRecords;

/**
 * Child-process entry point for {@link SpacTrainingRunCrashTest}: trains the test snapshot into a
 * checkpoint root until done or killed.
 *
 * <p>Arguments: the checkpoint root and the number of SPAC rounds.
 */
public final class KillableTrainingMain {

    private KillableTrainingMain() {
    }

    /** Runs the training. */
    public static void main(String[] args) throws IOException {
        TrainerConfig config = TestRecords.tinyConfig().withRounds(Integer.parseInt(args[1]));
        new SpacTrainingRun().run(TestRecords.data(), config, Path.of(args[0]), RoundListener.NONE);
    }
}

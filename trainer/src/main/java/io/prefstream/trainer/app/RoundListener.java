package io.prefstream.trainer.app;

import io.prefstream.trainer.round.RoundReport;

/** Receives each round's report right after its checkpoint has been published. */
@FunctionalInterface
public interface RoundListener {

    /** A listener that does nothing. */
    RoundListener NONE = report -> { };

    /**
     * Called on the training thread once the round's checkpoint directory and {@code latest} are in place.
     * Only rounds trained by the current call are reported; a resumed run does not repeat the rounds
     * it found published (they are in the list {@link SpacTrainingRun#run} returns).
     * An exception thrown here stops the run and reaches the caller of {@link SpacTrainingRun#run}.
     */
    void onRound(RoundReport report);
}

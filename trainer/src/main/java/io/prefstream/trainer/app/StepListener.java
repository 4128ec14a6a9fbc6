package io.prefstream.trainer.app;

import io.prefstream.trainer.round.SelfPlayPass;
import io.prefstream.trainer.round.TrainingStep;

/**
 * Receives progress from inside a training run: each optimiser step, each self-play sampling
 * pass, and the stage a run failed in. Metrics leave the training loop through this interface,
 * so the loop itself holds no meters.
 *
 * <p>Called on the training thread between steps; keep it cheap. An exception thrown here stops
 * the run and reaches the caller of {@link SpacTrainingRun#run}.
 */
public interface StepListener {

    /** A listener that does nothing. */
    StepListener NONE = new StepListener() { };

    /** Called after each optimiser step, of the warm start and of the preference rounds. */
    default void onStep(TrainingStep step) {
    }

    /** Called after the self-play responses of a round have been drawn. */
    default void onSelfPlay(SelfPlayPass pass) {
    }

    /**
     * Called when a stage of the run failed, before the failure propagates. A run reports at most
     * once, for the stage the failure began in (see {@link #firstFailureOnly}).
     */
    default void onFailure(TrainingStage stage) {
    }

    /**
     * Returns a listener that passes everything on but only the first failure. A failure passes
     * through the handlers of several enclosing stages on its way out; each may report it, and
     * the innermost, which knows the stage best, reports first.
     */
    static StepListener firstFailureOnly(StepListener delegate) {
        return new FirstFailureOnly(delegate);
    }
}

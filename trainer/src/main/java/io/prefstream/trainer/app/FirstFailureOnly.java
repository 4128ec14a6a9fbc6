package io.prefstream.trainer.app;

import java.util.concurrent.atomic.AtomicBoolean;

import io.prefstream.trainer.round.SelfPlayPass;
import io.prefstream.trainer.round.TrainingStep;

/** See {@link StepListener#firstFailureOnly}. Thread-safe. */
final class FirstFailureOnly implements StepListener {

    private final StepListener delegate;
    private final AtomicBoolean failed = new AtomicBoolean();

    FirstFailureOnly(StepListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public void onStep(TrainingStep step) {
        delegate.onStep(step);
    }

    @Override
    public void onSelfPlay(SelfPlayPass pass) {
        delegate.onSelfPlay(pass);
    }

    @Override
    public void onFailure(TrainingStage stage) {
        if (failed.compareAndSet(false, true)) {
            delegate.onFailure(stage);
        }
    }
}

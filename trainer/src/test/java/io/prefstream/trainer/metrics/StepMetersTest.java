package io.prefstream.trainer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prefstream.trainer.app.TrainingStage;
import io.prefstream.trainer.round.SelfPlayPass;
import io.prefstream.trainer.round.TrainingStep;

class StepMetersTest {

    private static final long MILLIS_250 = 250_000_000L;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StepMeters meters = new StepMeters();

    StepMetersTest() {
        meters.bindTo(registry);
    }

    @Test
    void shouldCountStepsAndTimeThemByPhase() {
        meters.onStep(new TrainingStep(0, 1, 100, MILLIS_250, 1e-3, 2.5, Double.NaN, Double.NaN));
        meters.onStep(new TrainingStep(1, 1, 300, MILLIS_250 * 2, 5e-4, 0.9, 0.7, 0.2));
        meters.onStep(new TrainingStep(1, 2, 300, MILLIS_250 * 4, 5e-4, 0.8, 0.6, 0.2));

        assertThat(counter(TrainerMeters.STEPS, TrainerMeters.PHASE, TrainerMeters.PHASE_SFT)).isEqualTo(1.0);
        assertThat(counter(TrainerMeters.STEPS, TrainerMeters.PHASE, TrainerMeters.PHASE_PREFERENCE)).isEqualTo(2.0);
        var preference = registry.get(TrainerMeters.STEP_DURATION)
                .tags(TrainerMeters.PHASE, TrainerMeters.PHASE_PREFERENCE).timer();
        assertThat(preference.count()).isEqualTo(2);
        assertThat(preference.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1500.0);
        assertThat(registry.get(TrainerMeters.STEP_DURATION).tags(TrainerMeters.PHASE, TrainerMeters.PHASE_SFT)
                .timer().count()).isEqualTo(1);
        assertThat(registry.get(TrainerMeters.TRAIN_TOKENS).functionCounter().count()).isEqualTo(700.0);
    }

    @Test
    void shouldShowLatestStepsPositionLossTermsLearningRateAndThroughput() {
        meters.onStep(new TrainingStep(2, 7, 300, MILLIS_250 * 2, 5e-4, 0.9, 0.7, 0.2));

        assertThat(gauge(TrainerMeters.STEP)).isEqualTo(7.0);
        assertThat(gauge(TrainerMeters.STEP_ROUND)).isEqualTo(2.0);
        assertThat(lossTerm(TrainerMeters.TERM_TOTAL)).isEqualTo(0.9);
        assertThat(lossTerm(TrainerMeters.TERM_BRADLEY_TERRY)).isEqualTo(0.7);
        assertThat(lossTerm(TrainerMeters.TERM_PESSIMISM)).isEqualTo(0.2);
        assertThat(gauge(TrainerMeters.LEARNING_RATE)).isEqualTo(5e-4);
        assertThat(gauge(TrainerMeters.TRAIN_THROUGHPUT)).isEqualTo(600.0);
        assertThat(registry.get(TrainerMeters.TRAIN_THROUGHPUT).gauge().getId().getBaseUnit())
                .isEqualTo(TrainerMeters.TOKENS_PER_SECOND);
    }

    @Test
    void shouldShowNoPreferenceTermsDuringWarmStart() {
        meters.onStep(new TrainingStep(1, 3, 300, MILLIS_250, 5e-4, 0.9, 0.7, 0.2));
        meters.onStep(new TrainingStep(0, 1, 100, MILLIS_250, 1e-3, 2.5, Double.NaN, Double.NaN));

        assertThat(lossTerm(TrainerMeters.TERM_TOTAL)).isEqualTo(2.5);
        assertThat(lossTerm(TrainerMeters.TERM_BRADLEY_TERRY)).isNaN();
        assertThat(lossTerm(TrainerMeters.TERM_PESSIMISM)).isNaN();
        assertThat(gauge(TrainerMeters.STEP_ROUND)).isZero();
    }

    @Test
    void shouldMeasureSelfPlayGeneration() {
        meters.onSelfPlay(new SelfPlayPass(1, 16, 200, MILLIS_250 * 4));
        meters.onSelfPlay(new SelfPlayPass(2, 16, 100, MILLIS_250 * 2));

        assertThat(registry.get(TrainerMeters.SELFPLAY_TOKENS).functionCounter().count()).isEqualTo(300.0);
        assertThat(registry.get(TrainerMeters.SELFPLAY_DURATION).timer().count()).isEqualTo(2);
        assertThat(registry.get(TrainerMeters.SELFPLAY_DURATION).timer().totalTime(TimeUnit.SECONDS)).isEqualTo(1.5);
        assertThat(gauge(TrainerMeters.SELFPLAY_THROUGHPUT)).isEqualTo(200.0);
    }

    @Test
    void shouldShowUnknownValuesBeforeTheFirstStep() {
        assertThat(gauge(TrainerMeters.STEP)).isNaN();
        assertThat(lossTerm(TrainerMeters.TERM_TOTAL)).isNaN();
        assertThat(gauge(TrainerMeters.TRAIN_THROUGHPUT)).isNaN();
        assertThat(gauge(TrainerMeters.SELFPLAY_THROUGHPUT)).isNaN();
        assertThat(counter(TrainerMeters.STEPS, TrainerMeters.PHASE, TrainerMeters.PHASE_SFT)).isZero();
    }

    @Test
    void shouldCountFailuresUnderTheirStageWithEveryStageRegisteredUpFront() {
        meters.onFailure(TrainingStage.SAMPLING);
        meters.onFailure(TrainingStage.CHECKPOINT);
        meters.onFailure(TrainingStage.CHECKPOINT);

        assertThat(counter(TrainerMeters.FAILURES, TrainerMeters.STAGE, "sampling")).isEqualTo(1.0);
        assertThat(counter(TrainerMeters.FAILURES, TrainerMeters.STAGE, "checkpoint")).isEqualTo(2.0);
        assertThat(counter(TrainerMeters.FAILURES, TrainerMeters.STAGE, TrainerMeters.STAGE_TRAINING)).isZero();
        assertThat(counter(TrainerMeters.FAILURES, TrainerMeters.STAGE, "evaluation")).isZero();
    }

    private double counter(String name, String tag, String value) {
        return registry.get(name).tags(tag, value).functionCounter().count();
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    private double lossTerm(String term) {
        return registry.get(TrainerMeters.STEP_LOSS).tags(TrainerMeters.TERM, term).gauge().value();
    }
}

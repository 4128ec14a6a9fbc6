package io.prefstream.trainer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prefstream.trainer.round.RoundReport;

class RoundMetersTest {

    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void shouldShowTheLatestRoundsLossAndEvalMetrics() {
        RoundMeters meters = bound(Clock.fixed(NOW, ZoneOffset.UTC));

        meters.onRound(report(0, 1.25, 0.5));
        meters.onRound(report(1, 0.75, 0.625));

        assertThat(gauge(TrainerMeters.ROUND)).isEqualTo(1.0);
        assertThat(gauge(TrainerMeters.LOSS)).isEqualTo(0.75);
        assertThat(gauge(TrainerMeters.EVAL_REWARD_ACCURACY)).isEqualTo(0.625);
        assertThat(gauge(TrainerMeters.EVAL_MARGIN)).isEqualTo(0.25);
        assertThat(gauge(TrainerMeters.EVAL_KL)).isEqualTo(0.125);
        assertThat(gauge(TrainerMeters.EVAL_SAMPLE_LENGTH)).isEqualTo(40.0);
        assertThat(registry.get(TrainerMeters.EVAL_SAMPLE_LENGTH).gauge().getId().getBaseUnit()).isEqualTo("tokens");
        assertThat(gauge(TrainerMeters.EVAL_JUDGE_WIN_RATE)).isEqualTo(0.625);
        assertThat(gauge(TrainerMeters.JUDGE_EVAL_ACCURACY)).isEqualTo(0.75);
    }

    @Test
    void shouldShowNoJudgeMetricsForRoundsReportedWithoutJudge() {
        RoundMeters meters = bound(Clock.systemUTC());

        meters.onRound(new RoundReport("v000001", 1, "v000001-r1", Path.of("checkpoints", "v000001-r1"),
                "v000001-r0", 10, 0.5, Map.of(RoundReport.EVAL_REWARD_ACCURACY_METRIC, 0.6), Duration.ofSeconds(9)));

        assertThat(gauge(TrainerMeters.EVAL_REWARD_ACCURACY)).isEqualTo(0.6);
        assertThat(gauge(TrainerMeters.EVAL_JUDGE_WIN_RATE)).isNaN();
        assertThat(gauge(TrainerMeters.JUDGE_EVAL_ACCURACY)).isNaN();
    }

    @Test
    void shouldCountRoundsAndTimeEachOne() {
        RoundMeters meters = bound(Clock.systemUTC());

        meters.onRound(report(0, 1.0, 0.5));
        meters.onRound(report(1, 0.5, 0.6));

        assertThat(registry.get(TrainerMeters.ROUNDS).functionCounter().count()).isEqualTo(2.0);
        assertThat(registry.get(TrainerMeters.ROUND_DURATION).timer().count()).isEqualTo(2);
        assertThat(registry.get(TrainerMeters.ROUND_DURATION).timer().max(TimeUnit.SECONDS)).isEqualTo(90.0);
    }

    @Test
    void shouldShowUnknownValuesBeforeTheFirstRound() {
        bound(Clock.systemUTC());

        assertThat(gauge(TrainerMeters.ROUND)).isNaN();
        assertThat(gauge(TrainerMeters.EVAL_REWARD_ACCURACY)).isNaN();
        assertThat(registry.get(TrainerMeters.CHECKPOINT_AGE).timeGauge().value(TimeUnit.SECONDS)).isNaN();
    }

    @Test
    void shouldMeasureCheckpointAgeFromCheckpointFoundOnStart() {
        RoundMeters meters = bound(Clock.fixed(NOW, ZoneOffset.UTC));

        meters.checkpointFound(NOW.minusSeconds(3600));

        assertThat(registry.get(TrainerMeters.CHECKPOINT_AGE).timeGauge().value(TimeUnit.SECONDS)).isEqualTo(3600.0);
    }

    private RoundMeters bound(Clock clock) {
        RoundMeters meters = new RoundMeters(clock);
        meters.bindTo(registry);
        return meters;
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    private static RoundReport report(int round, double loss, double rewardAccuracy) {
        return new RoundReport("v000001", round, "v000001-r" + round, Path.of("checkpoints", "v000001-r" + round),
                round == 0 ? null : "v000001-r" + (round - 1), 10, loss,
                Map.of(RoundReport.EVAL_REWARD_ACCURACY_METRIC, rewardAccuracy, RoundReport.EVAL_MARGIN_METRIC, 0.25,
                        RoundReport.EVAL_KL_METRIC, 0.125, RoundReport.SAMPLE_LENGTH_METRIC, 40.0,
                        RoundReport.EVAL_JUDGE_WIN_RATE_METRIC, 0.5 + round / 8.0,
                        RoundReport.JUDGE_EVAL_ACCURACY_METRIC, 0.75),
                Duration.ofSeconds(90));
    }
}

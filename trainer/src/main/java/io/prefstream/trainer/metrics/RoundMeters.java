package io.prefstream.trainer.metrics;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.prefstream.trainer.app.RoundListener;
import io.prefstream.trainer.round.RoundReport;

/**
 * Turns each {@link RoundReport} into meters: gauges for the latest round, its loss and eval
 * metrics, a counter and a timer of rounds, and the checkpoint age. Failed runs are counted by
 * {@link StepMeters}, which knows the stage they failed in.
 *
 * <p>A gauge shows NaN until the first round it describes. Thread-safe; may be bound to several
 * registries. Use it as (or chain it into) the run's {@link RoundListener}.
 */
public final class RoundMeters implements MeterBinder, RoundListener {

    private final Clock clock;
    private final AtomicReference<RoundReport> latest = new AtomicReference<>();
    private final AtomicReference<Instant> checkpointAt = new AtomicReference<>();
    private final LongAdder rounds = new LongAdder();
    private final List<Timer> durations = new CopyOnWriteArrayList<>();

    /** Creates meters on the system clock. */
    public RoundMeters() {
        this(Clock.systemUTC());
    }

    /**
     * Creates meters.
     *
     * @param clock the clock the checkpoint age is measured on (default the system clock)
     */
    public RoundMeters(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void onRound(RoundReport report) {
        latest.set(report);
        checkpointAt.set(clock.instant());
        rounds.increment();
        durations.forEach(timer -> timer.record(report.duration()));
    }

    /** Shows when the newest checkpoint found on start was published, until the next round. */
    public void checkpointFound(Instant publishedAt) {
        checkpointAt.compareAndSet(null, publishedAt);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(TrainerMeters.ROUND, latest, ref -> ref.get() == null ? Double.NaN : ref.get().round())
                .description("Number of the latest completed round (0: warm start)").strongReference(true).register(registry);
        Gauge.builder(TrainerMeters.LOSS, latest, ref -> ref.get() == null ? Double.NaN : ref.get().loss())
                .description("Mean training loss over the latest round's last epoch").strongReference(true).register(registry);
        metric(registry, TrainerMeters.EVAL_REWARD_ACCURACY, RoundReport.EVAL_REWARD_ACCURACY_METRIC, null,
                "Fraction of eval pairs whose implicit reward ranks chosen above rejected, latest round");
        metric(registry, TrainerMeters.EVAL_LOGPROB_ACCURACY, RoundReport.EVAL_LOGPROB_ACCURACY_METRIC, null,
                "Fraction of eval pairs where the policy gives chosen the higher log-probability, latest round");
        metric(registry, TrainerMeters.EVAL_MARGIN, RoundReport.EVAL_MARGIN_METRIC, null,
                "Mean implicit-reward margin between chosen and rejected on eval pairs, latest round");
        metric(registry, TrainerMeters.EVAL_KL, RoundReport.EVAL_KL_METRIC, null,
                "Estimate of KL(pi || pi_ref) on responses sampled for eval prompts, latest round");
        metric(registry, TrainerMeters.EVAL_JUDGE_WIN_RATE, RoundReport.EVAL_JUDGE_WIN_RATE_METRIC, null,
                "Share of eval prompts where the judge scores the policy's response above pi_ref's, latest round"
                        + " (NaN: no judge)");
        metric(registry, TrainerMeters.JUDGE_EVAL_ACCURACY, RoundReport.JUDGE_EVAL_ACCURACY_METRIC, null,
                "Fraction of eval pairs the judge ranks chosen above rejected, latest round (NaN: no judge)");
        metric(registry, TrainerMeters.EVAL_SAMPLE_LENGTH, RoundReport.SAMPLE_LENGTH_METRIC, "tokens",
                "Mean length of responses sampled for eval prompts, latest round");
        FunctionCounter.builder(TrainerMeters.ROUNDS, rounds, LongAdder::doubleValue)
                .description("Training rounds completed (checkpoint published)").register(registry);
        TimeGauge.builder(TrainerMeters.CHECKPOINT_AGE, checkpointAt, TimeUnit.MILLISECONDS, this::ageMillis)
                .description("Time since the latest checkpoint was published (NaN: none known)").strongReference(true).register(registry);
        durations.add(Timer.builder(TrainerMeters.ROUND_DURATION)
                .description("Wall time of a training round, up to writing its checkpoint").register(registry));
    }

    private void metric(MeterRegistry registry, String name, String reportKey, String unit, String description) {
        Gauge.builder(name, latest, ref -> valueOf(ref.get(), reportKey))
                .description(description).baseUnit(unit).strongReference(true).register(registry);
    }

    private static double valueOf(RoundReport report, String key) {
        if (report == null) {
            return Double.NaN;
        }
        Map<String, Double> metrics = report.metrics();
        return metrics.getOrDefault(key, Double.NaN);
    }

    private double ageMillis(AtomicReference<Instant> at) {
        Instant instant = at.get();
        return instant == null ? Double.NaN : Math.max(0, clock.millis() - instant.toEpochMilli());
    }
}

package io.prefstream.ingest.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of the snapshot writer: the latest snapshot's version, records, bytes and age, the
 * cuts per trigger, cut failures ({@value IngestMeters#FAILURES} with stage
 * {@value IngestMeters#STAGE_SNAPSHOT}) and the end-to-end latency {@value IngestMeters#LATENCY}.
 *
 * <p>The gauges read the latest snapshot this writer published or found on start; a snapshot
 * cut by another process shows after this writer's next cut or restart. Thread-safe; may be
 * bound to several registries.
 */
public final class SnapshotMeters implements MeterBinder {

    /** Lowest latency bucket of the histogram. */
    static final Duration LATENCY_MIN = Duration.ofSeconds(1);
    /** Highest latency bucket of the histogram. */
    static final Duration LATENCY_MAX = Duration.ofDays(2);

    private final Clock clock;
    private final AtomicReference<PublishedSnapshot> latest = new AtomicReference<>();
    private final Map<SnapshotTrigger, LongAdder> cuts = new EnumMap<>(SnapshotTrigger.class);
    private final FailureCounter failures = new FailureCounter(IngestMeters.STAGE_SNAPSHOT);
    private final List<Timer> latencies = new CopyOnWriteArrayList<>();

    /** Creates meters on the system clock. */
    public SnapshotMeters() {
        this(Clock.systemUTC());
    }

    /**
     * Creates meters.
     *
     * @param clock the clock the age is measured on (default the system clock)
     */
    public SnapshotMeters(Clock clock) {
        this.clock = clock;
        for (SnapshotTrigger trigger : SnapshotTrigger.values()) {
            cuts.put(trigger, new LongAdder());
        }
    }

    /** Shows a snapshot found on start, without counting a cut. */
    public void found(PublishedSnapshot snapshot) {
        latest.set(snapshot);
    }

    /**
     * Shows a snapshot this process just published, counts the cut and records the latency of each new record.
     *
     * @param snapshot the snapshot
     * @param trigger what made it be cut
     * @param arrivals Kafka timestamps (epoch milliseconds) of the records it holds for the first time
     */
    public void published(PublishedSnapshot snapshot, SnapshotTrigger trigger, long[] arrivals) {
        latest.set(snapshot);
        cuts.get(trigger).increment();
        for (Timer timer : latencies) {
            for (long arrival : arrivals) {
                timer.record(Math.max(0, snapshot.publishedAt().toEpochMilli() - arrival), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Counts a cut that failed. */
    public void failed() {
        failures.increment();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, IngestMeters.SNAPSHOT_VERSION, "Version of the latest published snapshot (0: none yet)",
                null, s -> s == null ? 0 : s.version());
        gauge(registry, IngestMeters.SNAPSHOT_RECORDS, "Records in the latest published snapshot", "records",
                s -> s == null ? 0 : s.records());
        gauge(registry, IngestMeters.SNAPSHOT_BYTES, "Size of the latest published snapshot's data files", "bytes",
                s -> s == null ? 0 : s.bytes());
        TimeGauge.builder(IngestMeters.SNAPSHOT_AGE, this, TimeUnit.MILLISECONDS, SnapshotMeters::ageMillis)
                .description("Time since the latest snapshot was published (NaN: none yet)")
                .strongReference(true).register(registry);
        cuts.forEach((trigger, count) -> FunctionCounter.builder(IngestMeters.SNAPSHOT_CUTS, count,
                        LongAdder::doubleValue)
                .description("Snapshots published by this process, by what triggered the cut")
                .tags(IngestMeters.TRIGGER, trigger.tagValue())
                .register(registry));
        failures.bindTo(registry);
        latencies.add(Timer.builder(IngestMeters.LATENCY)
                .description("Time from a record's arrival on Kafka to the first snapshot that holds it")
                .publishPercentileHistogram()
                .minimumExpectedValue(LATENCY_MIN)
                .maximumExpectedValue(LATENCY_MAX)
                .register(registry));
    }

    private void gauge(MeterRegistry registry, String name, String description, String unit,
            ToDoubleFunction<PublishedSnapshot> value) {
        Gauge.builder(name, latest, ref -> value.applyAsDouble(ref.get()))
                .description(description)
                .baseUnit(unit)
                .strongReference(true).register(registry);
    }

    private double ageMillis() {
        PublishedSnapshot snapshot = latest.get();
        return snapshot == null ? Double.NaN
                : Math.max(0, clock.millis() - snapshot.publishedAt().toEpochMilli());
    }
}

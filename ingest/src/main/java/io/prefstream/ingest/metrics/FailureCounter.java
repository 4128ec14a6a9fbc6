package io.prefstream.ingest.metrics;

import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * One series of {@value IngestMeters#FAILURES}: the failures of one stage. Each stage has its
 * own instance, so that binders for different stages never claim each other's series.
 */
public final class FailureCounter implements MeterBinder {

    private final String stage;
    private final LongAdder failures = new LongAdder();

    /**
     * Creates a counter at zero.
     *
     * @param stage the {@code stage} tag, for example {@value IngestMeters#STAGE_STREAM}
     */
    public FailureCounter(String stage) {
        this.stage = stage;
    }

    /** Counts one failure. */
    public void increment() {
        failures.increment();
    }

    /** Returns the failures counted so far. */
    public long count() {
        return failures.sum();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder(IngestMeters.FAILURES, failures, LongAdder::doubleValue)
                .description(IngestMeters.FAILURES_DESCRIPTION)
                .tags(IngestMeters.STAGE, stage)
                .register(registry);
    }
}

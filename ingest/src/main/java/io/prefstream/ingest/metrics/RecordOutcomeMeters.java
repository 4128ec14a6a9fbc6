package io.prefstream.ingest.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.prefstream.ingest.format.RejectReason;

/**
 * Counts what the topology made of each record: {@value IngestMeters#RECORDS} tagged
 * {@code outcome} and {@code reason}. Every reject reason is registered up front, so the
 * series exist (at zero) before the first dead letter and the tag set stays bounded.
 *
 * <p>Counts are kept in memory and read by the registry; thread-safe, shared by all tasks.
 * Under exactly-once a task that aborts a transaction processes its records again, so these
 * counters count processing and may run ahead of the committed topics after a failure.
 */
public final class RecordOutcomeMeters implements MeterBinder {

    private static final String DESCRIPTION = "Records judged by the ingest topology, by outcome and reject reason";

    private final LongAdder accepted = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder votes = new LongAdder();
    private final LongAdder conflicts = new LongAdder();
    private final Map<RejectReason, LongAdder> deadLettered = new EnumMap<>(RejectReason.class);

    /** Creates the counters, all at zero. */
    public RecordOutcomeMeters() {
        for (RejectReason reason : RejectReason.values()) {
            deadLettered.put(reason, new LongAdder());
        }
    }

    /** Counts the first copy of a pair. */
    public void accepted() {
        accepted.increment();
    }

    /** Counts a later copy of a pair already kept. */
    public void duplicate() {
        duplicates.increment();
    }

    /** Counts a copy from a new annotator that added a vote to a kept pair. */
    public void voteAdded() {
        votes.increment();
    }

    /** Counts a pair judged the other way round from a kept one. */
    public void conflict() {
        conflicts.increment();
    }

    /** Counts a record that failed validation for the given reason. */
    public void deadLettered(RejectReason reason) {
        deadLettered.get(reason).increment();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        register(registry, IngestMeters.ACCEPTED, IngestMeters.NO_REASON, accepted);
        register(registry, IngestMeters.DUPLICATE, IngestMeters.NO_REASON, duplicates);
        register(registry, IngestMeters.VOTE_ADDED, IngestMeters.NO_REASON, votes);
        register(registry, IngestMeters.CONFLICT, IngestMeters.NO_REASON, conflicts);
        deadLettered.forEach((reason, count) -> register(registry, IngestMeters.DEAD_LETTERED, reason.name(), count));
    }

    private static void register(MeterRegistry registry, String outcome, String reason, LongAdder count) {
        FunctionCounter.builder(IngestMeters.RECORDS, count, LongAdder::doubleValue)
                .description(DESCRIPTION)
                .baseUnit("records")
                .tags(IngestMeters.OUTCOME, outcome, IngestMeters.REASON, reason)
                .register(registry);
    }
}

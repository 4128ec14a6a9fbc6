package io.prefstream.ingest.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The gauge {@value IngestMeters#DEDUP_STORE_ENTRIES}: per local dedup task, the store's own
 * estimate when the task starts plus one per record accepted since, summed over tasks.
 *
 * <p>Counting on the stream thread keeps the registry's scrape thread away from the store,
 * which Kafka Streams may close or migrate at any time. Thread-safe.
 */
public final class DedupStoreEntries implements MeterBinder {

    private final Map<String, AtomicLong> byTask = new ConcurrentHashMap<>();

    /** Records a task's starting estimate, replacing what was known about that task. */
    public void started(String taskId, long entries) {
        byTask.put(taskId, new AtomicLong(entries));
    }

    /** Counts one new content key kept by a task. */
    public void added(String taskId) {
        byTask.computeIfAbsent(taskId, id -> new AtomicLong()).incrementAndGet();
    }

    /** Forgets a task that was closed or moved to another instance. */
    public void stopped(String taskId) {
        byTask.remove(taskId);
    }

    /** Returns the summed estimate over the tasks now running here. */
    public long total() {
        return byTask.values().stream().mapToLong(AtomicLong::get).sum();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(IngestMeters.DEDUP_STORE_ENTRIES, this, DedupStoreEntries::total)
                .description("Approximate number of content keys in the dedup store, over the tasks of this instance")
                .baseUnit("entries")
                .strongReference(true).register(registry);
    }
}

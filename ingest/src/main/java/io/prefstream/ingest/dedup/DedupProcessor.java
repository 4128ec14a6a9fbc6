package io.prefstream.ingest.dedup;

import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prefstream.ingest.metrics.DedupStoreEntries;
import io.prefstream.ingest.metrics.RecordOutcomeMeters;
import io.prefstream.schemas.v1.PreferenceRecord;

/**
 * Keeps the first record for each content key and marks every later one as a duplicate.
 *
 * <p>Input must be partitioned by content key, so that every copy of a pair reaches the same
 * task whatever partition it arrived on. The store maps content key to the id of the kept
 * record: a hash and an id per distinct pair, never the text. State is not windowed; a
 * snapshot must never hold a duplicate however far apart the copies arrive.
 */
public final class DedupProcessor extends ContextualProcessor<String, PreferenceRecord, String, DedupVerdict> {

    /** Name of the dedup key-value store. */
    public static final String STORE = "dedup-content-keys";

    private static final Logger LOG = LoggerFactory.getLogger(DedupProcessor.class);

    private final RecordOutcomeMeters outcomes;
    private final DedupStoreEntries storeEntries;
    private KeyValueStore<String, String> seen;
    private String taskId;

    /** Creates a processor that counts into meters nobody reads. */
    public DedupProcessor() {
        this(new RecordOutcomeMeters(), new DedupStoreEntries());
    }

    /**
     * Creates a processor.
     *
     * @param outcomes counts accepted and duplicate records
     * @param storeEntries tracks the size of this task's store
     */
    public DedupProcessor(RecordOutcomeMeters outcomes, DedupStoreEntries storeEntries) {
        this.outcomes = outcomes;
        this.storeEntries = storeEntries;
    }

    @Override
    public void init(ProcessorContext<String, DedupVerdict> context) {
        super.init(context);
        this.seen = context.getStateStore(STORE);
        this.taskId = context.taskId().toString();
        storeEntries.started(taskId, seen.approximateNumEntries());
    }

    @Override
    public void close() {
        storeEntries.stopped(taskId);
    }

    @Override
    public void process(Record<String, PreferenceRecord> candidate) {
        String key = candidate.key();
        String keptId = seen.get(key);
        if (keptId == null) {
            seen.put(key, candidate.value().getId());
            outcomes.accepted();
            storeEntries.added(taskId);
            context().forward(candidate.withValue(DedupVerdict.accepted(candidate.value())));
        } else {
            LOG.debug("duplicate {} of kept record {} (content key {})", candidate.value().getId(), keptId, key);
            outcomes.duplicate();
            context().forward(candidate.withValue(DedupVerdict.duplicate(candidate.value())));
        }
    }
}

package io.prefstream.ingest.dedup;

import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prefstream.ingest.metrics.DedupStoreEntries;
import io.prefstream.ingest.metrics.RecordOutcomeMeters;
import io.prefstream.schemas.serde.AvroSerde;
import io.prefstream.schemas.serde.AvroSerdes;
import io.prefstream.schemas.v1.PreferenceRecord;

/**
 * Decides for each valid record whether it is a new pair, a vote for a kept pair, a conflicting
 * judgment of a kept pair, or a duplicate.
 *
 * <p>Input must be partitioned by pair key, so that every copy of a pair, in either
 * orientation, reaches the same task whatever partition it arrived on. A voter is the record's
 * annotator, or its source when it names no annotator: a repeat from the same voter (a
 * redelivery, a re-import) is a duplicate; the same orientation from a new voter adds its
 * votes to the kept row; the other orientation opens a conflicting row, which the snapshot's
 * conflict policy resolves. The store maps pair key to {@link PairVotes} (binary; values written
 * as JSON by earlier versions still read): ids, counts and short voter hashes, never text. State
 * is not windowed.
 *
 * <p>Accepted-topic records carry a {@value #OUTCOME_HEADER} header: {@code first}, {@code vote}
 * or {@code conflict}.
 */
public final class DedupProcessor extends ContextualProcessor<String, StoredRecord, String, DedupVerdict> {

    /** Name of the dedup key-value store. */
    public static final String STORE = "dedup-pairs";

    /** Header naming the outcome of an accepted-topic record. */
    public static final String OUTCOME_HEADER = "prefs.outcome";

    private static final Logger LOG = LoggerFactory.getLogger(DedupProcessor.class);

    private final RecordOutcomeMeters outcomes;
    private final DedupStoreEntries storeEntries;
    // Encodes the re-emitted row of a vote, the one outcome whose record differs from its input.
    private final AvroSerde<PreferenceRecord> records = AvroSerdes.preferenceRecord();
    private KeyValueStore<String, byte[]> pairs;
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
        this.pairs = context.getStateStore(STORE);
        this.taskId = context.taskId().toString();
        storeEntries.started(taskId, pairs.approximateNumEntries());
    }

    @Override
    public void close() {
        storeEntries.stopped(taskId);
    }

    @Override
    public void process(Record<String, StoredRecord> candidate) {
        PreferenceRecord record = candidate.value().record();
        byte[] stored = pairs.get(candidate.key());
        PairVotes state = stored == null ? PairVotes.empty() : PairVotes.decode(stored);
        DedupVerdict verdict = judge(state, candidate.value());
        if (verdict.kind() != DedupVerdict.Kind.DUPLICATE) {
            pairs.put(candidate.key(), state.encode());
        }
        count(verdict.kind(), stored == null);
        Record<String, StoredRecord> out = candidate.withKey(record.getContentKey());
        out.headers().remove(OUTCOME_HEADER);
        out.headers().add(OUTCOME_HEADER, verdict.kind().name().toLowerCase(java.util.Locale.ROOT)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        context().forward(out.withValue(verdict));
    }

    private DedupVerdict judge(PairVotes state, StoredRecord candidate) {
        PreferenceRecord record = candidate.record();
        String key = record.getContentKey();
        String voter = PairVotes.hashOf(record.getAnnotatorId() != null ? "annotator:" + record.getAnnotatorId()
                : "source:" + record.getSource());
        PairVotes.Orientation kept = state.orientation(key);
        if (kept == null) {
            boolean conflict = state.hasOtherThan(key);
            state.open(key, record.getId(), record.getVotes(), voter);
            return new DedupVerdict(candidate, conflict ? DedupVerdict.Kind.CONFLICT : DedupVerdict.Kind.FIRST);
        }
        if (state.hasVoted(key, voter)) {
            LOG.debug("duplicate {} of kept record {} (content key {})", record.getId(), kept.keptId(), key);
            return new DedupVerdict(candidate, DedupVerdict.Kind.DUPLICATE);
        }
        int total = state.addVote(key, record.getVotes(), voter);
        PreferenceRecord vote = PreferenceRecord.newBuilder(record).setId(kept.keptId()).setVotes(total).build();
        return new DedupVerdict(StoredRecord.encode(vote, records), DedupVerdict.Kind.VOTE);
    }

    private void count(DedupVerdict.Kind kind, boolean newPair) {
        switch (kind) {
            case FIRST -> outcomes.accepted();
            case VOTE -> outcomes.voteAdded();
            case CONFLICT -> outcomes.conflict();
            case DUPLICATE -> outcomes.duplicate();
            default -> throw new IllegalStateException("unknown verdict " + kind);
        }
        if (newPair) {
            storeEntries.added(taskId);
        }
    }
}

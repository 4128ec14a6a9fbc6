package io.prefstream.ingest.topology;

import java.time.Instant;

import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prefstream.ingest.dedup.StoredRecord;
import io.prefstream.ingest.format.JudgmentParser;
import io.prefstream.ingest.format.ParseResult;
import io.prefstream.ingest.format.RejectReason;
import io.prefstream.ingest.kafka.RawHeaders;
import io.prefstream.ingest.metrics.RecordOutcomeMeters;
import io.prefstream.schemas.v1.PreferenceRecord;

/**
 * Dead-letters a record whose id already names a record of different content ({@code
 * IdCollisionPolicy.DEAD_LETTER}). Input must be keyed and partitioned by {@link RecordIdKeyer#idKey},
 * so every use of an id reaches the same task. The store {@value IngestTopology#ID_STORE} maps that
 * key (a hash of the id) to the content key of the first record with the id; it holds no text and,
 * like the dedup store, is backed by a changelog topic and not windowed.
 *
 * <p>Values are the bytes as received, not the parsed record, so that a dead letter carries the
 * original like every other one; the parser is pure, so parsing them again gives the record the
 * parse step accepted. Should it now reject them (instances running with different limits), the
 * record is dead-lettered with the parser's reason.
 */
final class IdCollisionProcessor extends ContextualProcessor<String, byte[], String, Outcome> {

    private static final Logger LOG = LoggerFactory.getLogger(IdCollisionProcessor.class);

    private final JudgmentParser parser;
    private final RecordOutcomeMeters outcomes;
    private KeyValueStore<String, String> ids;

    IdCollisionProcessor(JudgmentParser parser, RecordOutcomeMeters outcomes) {
        this.parser = parser;
        this.outcomes = outcomes;
    }

    @Override
    public void init(ProcessorContext<String, Outcome> context) {
        super.init(context);
        this.ids = context.getStateStore(IngestTopology.ID_STORE);
    }

    @Override
    public void process(Record<String, byte[]> candidate) {
        RawPosition position = RawPosition.takeFrom(candidate.headers());
        String source = RawHeaders.text(candidate.headers(), RawHeaders.SOURCE, position.topic());
        ParseResult result = parser.parse(candidate.value(), source, position.recordRef());
        if (result instanceof ParseResult.Rejected rejected) {
            deadLetter(candidate, position, rejected);
            return;
        }
        ParseResult.Accepted accepted = (ParseResult.Accepted) result;
        PreferenceRecord record = accepted.record();
        String keptContentKey = ids.get(candidate.key());
        if (keptContentKey == null) {
            ids.put(candidate.key(), record.getContentKey());
        } else if (!keptContentKey.equals(record.getContentKey())) {
            LOG.debug("id collision: {} (content key {}) reuses the id of content key {}", position.recordRef(),
                    record.getContentKey(), keptContentKey);
            deadLetter(candidate, position, new ParseResult.Rejected(RejectReason.ID_COLLISION, "id",
                    String.format("record %s: field id already names a record with other content (content key %s);"
                            + " this record's content key is %s", position.recordRef(), keptContentKey,
                            record.getContentKey())));
            return;
        }
        context().forward(candidate.withKey(record.getPairKey())
                .withValue(new Outcome.Valid(new StoredRecord(record, accepted.encoded()), candidate.value(),
                        position)));
    }

    private void deadLetter(Record<String, byte[]> candidate, RawPosition position, ParseResult.Rejected rejected) {
        outcomes.deadLettered(rejected.reason());
        context().forward(candidate.withKey(position.recordRef()).withValue(new Outcome.Invalid(DeadLetters.of(
                rejected, position.recordRef(), candidate.value(), position.topic(), position.partition(),
                position.offset(), Instant.now()))));
    }
}

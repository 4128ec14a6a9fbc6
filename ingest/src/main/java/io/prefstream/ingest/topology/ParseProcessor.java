package io.prefstream.ingest.topology;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prefstream.ingest.dedup.StoredRecord;
import io.prefstream.ingest.format.JudgmentParser;
import io.prefstream.ingest.format.ParseResult;
import io.prefstream.ingest.format.RejectReason;
import io.prefstream.ingest.kafka.RawHeaders;
import io.prefstream.ingest.metrics.RecordOutcomeMeters;

/**
 * Parses and validates one raw message. Valid records are re-keyed by pair key (both
 * orientations of a pair share it); anything
 * else becomes a dead letter keyed by its record reference. Never throws for bad input.
 */
final class ParseProcessor extends ContextualProcessor<byte[], byte[], String, Outcome> {

    private static final Logger LOG = LoggerFactory.getLogger(ParseProcessor.class);
    private static final byte[] EMPTY = new byte[0];

    private final JudgmentParser parser;
    private final RecordOutcomeMeters outcomes;

    ParseProcessor(JudgmentParser parser, RecordOutcomeMeters outcomes) {
        this.parser = parser;
        this.outcomes = outcomes;
    }

    @Override
    public void process(Record<byte[], byte[]> raw) {
        RecordMetadata where = context().recordMetadata().orElseThrow();
        String source = RawHeaders.text(raw.headers(), RawHeaders.SOURCE, where.topic());
        String recordRef = raw.key() == null
                ? where.topic() + "-" + where.partition() + "@" + where.offset()
                : new String(raw.key(), StandardCharsets.UTF_8);
        ParseResult result = raw.value() == null
                ? new ParseResult.Rejected(RejectReason.NOT_AN_OBJECT, null, recordRef + ": record value is null")
                : parser.parse(raw.value(), source, recordRef);
        if (result instanceof ParseResult.Accepted accepted) {
            RawPosition position = new RawPosition(recordRef, where.topic(), where.partition(), where.offset());
            context().forward(raw.withKey(accepted.record().getPairKey())
                    .withValue(new Outcome.Valid(new StoredRecord(accepted.record(), accepted.encoded()), raw.value(),
                            position)));
        } else if (result instanceof ParseResult.Rejected rejected) {
            LOG.debug("rejected {} at {}-{}@{}: {} {}", recordRef, where.topic(), where.partition(), where.offset(),
                    rejected.reason(), rejected.field());
            outcomes.deadLettered(rejected.reason());
            byte[] original = raw.value() == null ? EMPTY : raw.value();
            context().forward(raw.withKey(recordRef).withValue(new Outcome.Invalid(DeadLetters.of(rejected, recordRef,
                    original, where.topic(), where.partition(), where.offset(), Instant.now()))));
        }
    }
}

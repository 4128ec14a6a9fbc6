package io.prefstream.ingest.topology;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

import io.prefstream.schemas.snapshot.Hashing;

/**
 * Re-keys a valid record by the SHA-256 of its id, ready for the by-record-id repartition: the
 * value becomes the bytes as received and the raw position travels in headers, so that the id
 * check can dead-letter the record exactly as any other rejection.
 */
final class RecordIdKeyer extends ContextualProcessor<String, Outcome, String, byte[]> {

    /** Returns the key a record id is tracked under: lower-case hex SHA-256 of its UTF-8 bytes. */
    static String idKey(String id) {
        return Hashing.sha256Hex(id.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void process(Record<String, Outcome> candidate) {
        Outcome.Valid valid = (Outcome.Valid) candidate.value();
        Record<String, byte[]> keyed = candidate.withKey(idKey(valid.record().getId())).withValue(valid.original());
        valid.position().writeTo(keyed.headers());
        context().forward(keyed);
    }
}

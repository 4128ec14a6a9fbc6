package io.prefstream.ingest.dedup;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import io.prefstream.schemas.serde.AvroSerde;
import io.prefstream.schemas.serde.AvroSerdes;
import io.prefstream.schemas.v1.PreferenceRecord;

/**
 * Kafka serde for {@link StoredRecord}: writes the encoding the record carries, and reads a
 * message into the decoded record together with the message's own bytes. The bytes on a topic are
 * the same as {@link AvroSerdes#preferenceRecord()} writes, so either serde reads what the other
 * wrote. Passing a message's bytes on unchanged is sound because that serde decodes only messages
 * of the current schema (their fingerprint says so), whose encoding of the decoded record is the
 * message itself. A {@code null} payload (a tombstone) reads as {@code null}.
 */
public final class StoredRecordSerde implements Serde<StoredRecord> {

    private final AvroSerde<PreferenceRecord> records = AvroSerdes.preferenceRecord();

    @Override
    public Serializer<StoredRecord> serializer() {
        return (topic, stored) -> stored == null ? null : stored.encoded();
    }

    @Override
    public Deserializer<StoredRecord> deserializer() {
        return (topic, bytes) -> bytes == null ? null : new StoredRecord(records.decode(topic, bytes), bytes);
    }
}

package io.prefstream.ingest.dedup;

import java.util.Objects;

import io.prefstream.schemas.serde.AvroSerde;
import io.prefstream.schemas.v1.PreferenceRecord;

/**
 * A preference record together with its stored form, the single-object Avro encoding of
 * {@link io.prefstream.schemas.serde.AvroSerdes#preferenceRecord()}. The parser encodes every record
 * once to check its stored size; carrying those bytes along lets the repartition and outcome topics
 * receive them as they are instead of encoding the same record twice more. The array is shared, never
 * copied: nobody may modify it.
 *
 * @param record the record
 * @param encoded its single-object encoding, exactly as {@code AvroSerde.encode(record)} gives it
 */
public record StoredRecord(PreferenceRecord record, byte[] encoded) {

    /** Checks both parts are present. */
    public StoredRecord {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(encoded, "encoded");
    }

    /** Returns the record with the encoding the serde gives it. */
    public static StoredRecord encode(PreferenceRecord record, AvroSerde<PreferenceRecord> serde) {
        return new StoredRecord(record, serde.encode(record));
    }
}

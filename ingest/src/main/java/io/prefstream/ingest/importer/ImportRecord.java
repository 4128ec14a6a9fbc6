package io.prefstream.ingest.importer;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.apache.kafka.clients.producer.ProducerRecord;

import io.prefstream.ingest.format.ParseResult;
import io.prefstream.ingest.kafka.RawHeaders;

/**
 * One record of an import file, as it goes to the raw topic: keyed by its record reference, the value the
 * bytes the topology parses, the source in the {@link RawHeaders#SOURCE} header.
 *
 * @param ref     the record reference: {@code <source>:<line>} for JSONL, {@code <source>#<n>} for Avro
 * @param source  the source name the parser stores in the record
 * @param value   the bytes to judge (the original bytes of a refused record); only the first bytes of a line too
 *                long to hold in memory
 * @param size    the record's whole size in bytes, which is more than {@code value} holds when the line was cut
 * @param refusal why the importer dead-letters the record itself, or null when it goes to the raw topic
 */
record ImportRecord(String ref, String source, byte[] value, long size, ParseResult.Rejected refusal) {

    /** Checks the required parts are present. */
    ImportRecord {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(value, "value");
    }

    /** Returns a whole record, refused by the importer when {@code refusal} is not null. */
    ImportRecord(final String ref, final String source, final byte[] value, final ParseResult.Rejected refusal) {
        this(ref, source, value, value.length, refusal);
    }

    /** Returns a whole record for the raw topic. */
    static ImportRecord of(final String ref, final String source, final byte[] value) {
        return new ImportRecord(ref, source, value, null);
    }

    /** Returns the raw-topic message for this record, with its source header. */
    ProducerRecord<String, byte[]> toRaw(final String topic, final Integer partition) {
        final ProducerRecord<String, byte[]> raw = new ProducerRecord<>(topic, partition, ref, value);
        raw.headers().add(RawHeaders.SOURCE, source.getBytes(StandardCharsets.UTF_8));
        return raw;
    }
}

package io.prefstream.ingest.topology;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Headers;

import io.prefstream.ingest.kafka.RawHeaders;

/**
 * Where a record was read from the raw topic, and its record reference. It travels in headers
 * across the internal by-record-id topic, so that a record dead-lettered after that hop still
 * names its raw topic, partition and offset; the headers are removed again before the record
 * goes on.
 *
 * @param recordRef which input record this was, for example {@code <file>:<line>}
 * @param topic the raw topic
 * @param partition the raw partition
 * @param offset the raw offset
 */
record RawPosition(String recordRef, String topic, int partition, long offset) {

    static final String RECORD_REF = "prefs.raw.record-ref";
    static final String TOPIC = "prefs.raw.topic";
    static final String PARTITION = "prefs.raw.partition";
    static final String OFFSET = "prefs.raw.offset";

    /** Adds this position to the headers, replacing any earlier one. */
    void writeTo(Headers headers) {
        put(headers, RECORD_REF, recordRef);
        put(headers, TOPIC, topic);
        put(headers, PARTITION, Integer.toString(partition));
        put(headers, OFFSET, Long.toString(offset));
    }

    /**
     * Reads a position from the headers and removes it from them.
     *
     * @throws IllegalStateException when a header is missing: every record on the internal topic has them
     */
    static RawPosition takeFrom(Headers headers) {
        RawPosition position = new RawPosition(required(headers, RECORD_REF), required(headers, TOPIC),
                Integer.parseInt(required(headers, PARTITION)), Long.parseLong(required(headers, OFFSET)));
        for (String name : new String[] {RECORD_REF, TOPIC, PARTITION, OFFSET}) {
            headers.remove(name);
        }
        return position;
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String required(Headers headers, String name) {
        String value = RawHeaders.text(headers, name, null);
        if (value == null) {
            throw new IllegalStateException("record on the by-record-id topic lacks header " + name);
        }
        return value;
    }
}

package io.prefstream.ingest.importer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.ResolvingDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.util.Utf8;

import io.prefstream.schemas.v1.PreferenceRecord;

/**
 * Reads {@link PreferenceRecord}s like Avro's own reader, but notes the first string whose bytes
 * are not valid UTF-8 instead of letting the decoder replace them with U+FFFD unseen, so that the
 * importer can dead-letter the record as it would a JSON line with such bytes.
 */
final class StrictUtf8RecordReader extends SpecificDatumReader<PreferenceRecord> {

    private final Deque<String> fields = new ArrayDeque<>();
    private String invalidField;

    StrictUtf8RecordReader() {
        // the writer schema comes from the file; reading into the current class resolves older ones
        super(null, PreferenceRecord.getClassSchema(), fieldByField());
    }

    /**
     * Returns the generated model's data without its custom decoders and without Avro's fast reader,
     * both of which read strings past {@link #readString}; the logical-type conversions (timestamps)
     * are kept.
     */
    private static SpecificData fieldByField() {
        SpecificData generated = new PreferenceRecord().getSpecificData();
        SpecificData data = new SpecificData(PreferenceRecord.class.getClassLoader());
        generated.getConversions().forEach(data::addLogicalTypeConversion);
        data.setCustomCoders(false);
        data.setFastReaderEnabled(false);
        return data;
    }

    /**
     * Returns the field path (for example {@code prompt_messages.content}) of the first string of the
     * record just read that was not valid UTF-8, or null, and forgets it.
     */
    String takeInvalidField() {
        String field = invalidField;
        invalidField = null;
        return field;
    }

    @Override
    protected void readField(Object record, Schema.Field field, Object oldDatum, ResolvingDecoder in, Object state)
            throws IOException {
        fields.push(field.name());
        try {
            super.readField(record, field, oldDatum, in, state);
        } finally {
            fields.pop();
        }
    }

    @Override
    protected Object readString(Object old, Schema expected, Decoder in) throws IOException {
        Utf8 raw = in.readString(null);
        boolean asString = findStringClass(expected) == String.class;
        // one strict decode checks the bytes and, for String fields, is the value
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw.getBytes(), 0, raw.getByteLength()))
                    .toString();
            return asString ? text : raw;
        } catch (CharacterCodingException e) {
            if (invalidField == null) {
                List<String> path = new ArrayList<>(fields);
                Collections.reverse(path);
                invalidField = String.join(".", path);
            }
            return asString ? raw.toString() : raw;
        }
    }
}

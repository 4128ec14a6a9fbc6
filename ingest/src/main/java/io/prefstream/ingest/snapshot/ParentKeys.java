package io.prefstream.ingest.snapshot;

import java.io.IOException;
import java.nio.file.Path;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

import io.prefstream.schemas.v1.PreferenceRecord;

/**
 * The content keys of a parent snapshot, read in file order (ascending) without loading the
 * records: Avro resolves the file against a schema with only the content key, skipping the rest.
 * Answers "was this key in the parent?" for keys asked in ascending order. The caller must close it.
 */
final class ParentKeys implements AutoCloseable {

    private static final String CONTENT_KEY = "content_key";
    private static final Schema KEYS_ONLY = SchemaBuilder.record(PreferenceRecord.getClassSchema().getName())
            .namespace(PreferenceRecord.getClassSchema().getNamespace())
            .fields().requiredString(CONTENT_KEY).endRecord();

    private final DataFileReader<GenericRecord> reader;
    private String current;

    private ParentKeys(DataFileReader<GenericRecord> reader) {
        this.reader = reader;
        advance();
    }

    /** Opens the keys of a parent's data file, or none when there is no parent (a null file). */
    static ParentKeys open(Path recordsFile) throws IOException {
        if (recordsFile == null) {
            return new ParentKeys(null);
        }
        GenericDatumReader<GenericRecord> datumReader = new GenericDatumReader<>(null, KEYS_ONLY);
        return new ParentKeys(new DataFileReader<>(recordsFile.toFile(), datumReader));
    }

    /** Returns whether the parent holds the key; each key asked must be greater than the one before. */
    boolean contains(String key) {
        while (current != null && current.compareTo(key) < 0) {
            advance();
        }
        return key.equals(current);
    }

    private void advance() {
        current = reader != null && reader.hasNext() ? reader.next().get(CONTENT_KEY).toString() : null;
    }

    @Override
    public void close() throws IOException {
        if (reader != null) {
            reader.close();
        }
    }
}

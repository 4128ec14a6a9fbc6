package io.prefstream.ingest.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

import io.prefstream.schemas.serde.AvroSerdes;
import io.prefstream.schemas.v1.PreferenceRecord;

/**
 * The content keys of a parent snapshot, read in file order (ascending) without loading the
 * records. Answers "was this key in the parent?" for keys asked in ascending order. The caller
 * must close it.
 *
 * <p>A parent written with the current schema is read block by block, each record's key taken
 * from its bytes in place ({@link EncodedRecord}); one written with another schema is read through
 * Avro's schema resolution against a schema with only the content key, which skips the rest of
 * each record but costs several times as much per record.
 */
final class ParentKeys implements AutoCloseable {

    private static final String CONTENT_KEY = "content_key";
    private static final Schema KEYS_ONLY = SchemaBuilder.record(PreferenceRecord.getClassSchema().getName())
            .namespace(PreferenceRecord.getClassSchema().getNamespace())
            .fields().requiredString(CONTENT_KEY).endRecord();

    private final Path file;
    private final DataFileReader<GenericRecord> reader;
    private final boolean inPlace;
    private byte[] block;
    private int position;
    private int limit;
    private long remaining;
    private String current;

    private ParentKeys(Path file, DataFileReader<GenericRecord> reader, boolean inPlace) {
        this.file = file;
        this.reader = reader;
        this.inPlace = inPlace;
        advance();
    }

    /** Opens the keys of a parent's data file, or none when there is no parent (a null file). */
    static ParentKeys open(Path recordsFile) throws IOException {
        if (recordsFile == null) {
            return new ParentKeys(null, null, false);
        }
        GenericDatumReader<GenericRecord> datumReader = new GenericDatumReader<>();
        DataFileReader<GenericRecord> reader = new DataFileReader<>(recordsFile.toFile(), datumReader);
        boolean inPlace = EncodedRecord.LAYOUT_MATCHES && SchemaNormalization.parsingFingerprint64(reader.getSchema())
                == AvroSerdes.preferenceRecord().fingerprint();
        if (!inPlace) {
            datumReader.setExpected(KEYS_ONLY);
        }
        return new ParentKeys(recordsFile, reader, inPlace);
    }

    /** Returns whether the parent holds the key; each key asked must be greater than the one before. */
    boolean contains(String key) {
        while (current != null && current.compareTo(key) < 0) {
            advance();
        }
        return key.equals(current);
    }

    private void advance() {
        if (reader == null) {
            current = null;
        } else if (inPlace) {
            current = nextInPlace();
        } else {
            current = reader.hasNext() ? reader.next().get(CONTENT_KEY).toString() : null;
        }
    }

    private String nextInPlace() {
        try {
            while (remaining == 0) {
                if (!reader.hasNext()) {
                    return null;
                }
                remaining = reader.getBlockCount();
                ByteBuffer data = reader.nextBlock();
                if (data.hasArray()) {
                    block = data.array();
                    position = data.arrayOffset() + data.position();
                    limit = data.arrayOffset() + data.limit();
                } else {
                    block = new byte[data.remaining()];
                    data.get(block);
                    position = 0;
                    limit = block.length;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read parent snapshot file " + file, e);
        }
        EncodedRecord record = EncodedRecord.readDatum(block, position, limit);
        if (record == null) {
            throw new IllegalStateException("parent snapshot file " + file + " holds a damaged record");
        }
        position = record.end();
        remaining--;
        return record.contentKey();
    }

    @Override
    public void close() throws IOException {
        if (reader != null) {
            reader.close();
        }
    }
}

package io.prefstream.ingest.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.prefstream.schemas.serde.AvroSerdes;
import io.prefstream.schemas.v1.PreferenceRecord;

class ParentKeysTest {

    /** Enough rows of about 1 KB that the data file has several blocks. */
    private static final int ROWS = 300;

    @TempDir
    Path dir;

    private static String key(int i) {
        return String.format("k%05d", i * 2);
    }

    /** Asks every key from the first to past the last, in order; returns those found. */
    private static List<String> found(Path file) throws IOException {
        List<String> found = new ArrayList<>();
        try (ParentKeys keys = ParentKeys.open(file)) {
            // Every even number is a key; the odd ones between, and those past the end, are not.
            for (int i = 0; i < ROWS * 2 + 2; i++) {
                String asked = String.format("k%05d", i);
                if (keys.contains(asked)) {
                    found.add(asked);
                }
            }
        }
        return found;
    }

    private static List<String> expected() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            keys.add(key(i));
        }
        return keys;
    }

    @Test
    void shouldReadTheKeysOfAParentWrittenWithTheCurrentSchema() throws IOException {
        Path file = dir.resolve("current.avro");
        SnapshotFiles.writeRows(file, sink -> {
            for (int i = 0; i < ROWS; i++) {
                byte[] message = AvroSerdes.preferenceRecord().encode(PreferenceRecord.newBuilder().setId("id-" + i)
                        .setSource("s").setContentKey(key(i)).setPrompt("p".repeat(1_000)).setChosen("a")
                        .setRejected("b").build());
                sink.append(message, EncodedRecord.HEADER, message.length - EncodedRecord.HEADER);
            }
        }, "seed");

        assertThat(found(file)).containsExactlyElementsOf(expected());
    }

    @Test
    void shouldReadTheKeysOfAParentWrittenWithAnotherSchema() throws IOException {
        Schema older = SchemaBuilder.record(PreferenceRecord.getClassSchema().getName())
                .namespace(PreferenceRecord.getClassSchema().getNamespace()).fields()
                .requiredString("id").requiredString("content_key").requiredString("prompt").endRecord();
        Path file = dir.resolve("older.avro");
        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(older))) {
            writer.create(older, file.toFile());
            for (int i = 0; i < ROWS; i++) {
                GenericRecord record = new GenericData.Record(older);
                record.put("id", "id-" + i);
                record.put("content_key", key(i));
                record.put("prompt", "p".repeat(1_000));
                writer.append(record);
            }
        }

        assertThat(found(file)).containsExactlyElementsOf(expected());
    }

    @Test
    void shouldHoldNoKeysWithoutAParent() throws IOException {
        try (ParentKeys keys = ParentKeys.open(null)) {
            assertThat(Arrays.asList(keys.contains("a"), keys.contains("b"))).containsOnly(false);
        }
    }
}

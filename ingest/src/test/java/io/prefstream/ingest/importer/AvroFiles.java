package io.prefstream.ingest.importer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificDatumWriter;

import io.prefstream.schemas.v1.PreferenceRecord;

/** Writes Avro data files for import tests, the way the snapshot writer or another tool would. */
final class AvroFiles {

    /** The released schemas, as the schemas module keeps them for its compatibility checks. */
    static final Path RELEASED_SCHEMAS = Path.of("..", "schemas", "src", "test", "resources", "released");

    private AvroFiles() {
    }

    /** Returns a valid record with every optional field set; the keys are deliberately not the real ones. */
    static PreferenceRecord record(final String id, final String prompt, final String chosen, final String rejected) {
        return PreferenceRecord.newBuilder()
                .setId(id)
                .setSource("collector-a")
                .setContentKey("not-the-real-key")
                .setPairKey("not-the-real-pair-key")
                .setPrompt(prompt)
                .setChosen(chosen)
                .setRejected(rejected)
                .setAnnotatorId("ann-1")
                .setVotes(2)
                .setCreatedAt(Instant.parse("2024-05-01T12:00:00Z"))
                .setMetadata(Map.of("batch", "b7"))
                .build();
    }

    /** Writes the records with the current schema, gzip-compressed when asked. */
    static Path write(final Path file, final boolean gzip, final List<PreferenceRecord> records) throws IOException {
        try (OutputStream out = open(file, gzip);
                DataFileWriter<PreferenceRecord> writer =
                        new DataFileWriter<>(new SpecificDatumWriter<>(PreferenceRecord.class))) {
            writer.create(PreferenceRecord.getClassSchema(), out);
            for (final PreferenceRecord record : records) {
                writer.append(record);
            }
        }
        return file;
    }

    /** Writes generic records with the given writer schema. */
    static Path writeGeneric(final Path file, final Schema schema, final List<GenericRecord> records)
            throws IOException {
        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(schema))) {
            writer.create(schema, file.toFile());
            for (final GenericRecord record : records) {
                writer.append(record);
            }
        }
        return file;
    }

    /** Returns the current PreferenceRecord schema without the named fields, as an earlier version might be. */
    static Schema currentSchemaWithout(final String... removed) {
        final List<String> names = List.of(removed);
        final List<Schema.Field> fields = new ArrayList<>();
        for (final Schema.Field field : PreferenceRecord.getClassSchema().getFields()) {
            if (!names.contains(field.name())) {
                fields.add(new Schema.Field(field, field.schema()));
            }
        }
        return record(fields);
    }

    /** Returns the current PreferenceRecord schema with {@code votes} retyped to a string: not resolvable. */
    static Schema currentSchemaWithVotesAsString() {
        final List<Schema.Field> fields = new ArrayList<>();
        for (final Schema.Field field : PreferenceRecord.getClassSchema().getFields()) {
            fields.add("votes".equals(field.name())
                    ? new Schema.Field("votes", Schema.create(Schema.Type.STRING))
                    : new Schema.Field(field, field.schema()));
        }
        return record(fields);
    }

    private static Schema record(final List<Schema.Field> fields) {
        final Schema current = PreferenceRecord.getClassSchema();
        return Schema.createRecord(current.getName(), null, current.getNamespace(), false, fields);
    }

    private static OutputStream open(final Path file, final boolean gzip) throws IOException {
        final OutputStream out = Files.newOutputStream(file);
        return gzip ? new GZIPOutputStream(out) : out;
    }
}

package io.prefstream.ingest.importer;

import java.io.IOException;
import java.io.BufferedInputStream;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.file.DataFileStream;

import io.prefstream.ingest.format.ParseResult;
import io.prefstream.ingest.format.PreferenceJson;
import io.prefstream.ingest.format.RejectReason;
import io.prefstream.schemas.SchemaTrust;
import io.prefstream.schemas.serde.AvroSerde;
import io.prefstream.schemas.serde.AvroSerdes;
import io.prefstream.schemas.v1.PreferenceRecord;

/**
 * Reads an Avro object container file of {@link PreferenceRecord}, such as a snapshot's {@code records.avro},
 * resolving the file's writer schema to the current one, so files written with any released version import.
 * A file whose schema cannot be read as the current {@code PreferenceRecord} is refused before anything is
 * sent; a file that turns out to be corrupt or truncated part-way stops the import with an error naming it
 * and the last record read ({@link SyncCheckedInput} notices a file cut inside a block, which Avro alone
 * would take for its end).
 *
 * <p>Each record goes to the raw topic in the JSON judgment form ({@link PreferenceJson}) rather than in its
 * Avro encoding with a format header. The topology then has one input format and one parser: an Avro record
 * meets exactly the checks, normalisation and reject reasons of a JSON line or a collector item, including
 * the parser's own content and pair keys, and no check can drift between two parsers. Its dead letters hold
 * readable JSON like every other. The cost is one re-encoding per record in the importer. The record's
 * source goes into the source header, so it stays the judgment's provenance (and its voter when it names no
 * annotator): re-importing a snapshot then finds every record already counted, as duplicates, instead of
 * adding votes.
 */
final class AvroReader implements ImportReader {

    static {
        SchemaTrust.install();
    }

    private static final AvroSerde<PreferenceRecord> ENCODED = AvroSerdes.preferenceRecord();

    /** A schema-compatibility location inside one top-level field of the reader schema. */
    private static final Pattern TOP_LEVEL_FIELD = Pattern.compile("/fields/(\\d{1,4})(?:/.*)?");

    private final DataFileStream<PreferenceRecord> records;
    private final StrictUtf8RecordReader reader;
    private final SyncCheckedInput content;
    private final String file;
    private final String refPrefix;
    private final String sourceOverride;
    private long read;

    private AvroReader(final DataFileStream<PreferenceRecord> records, final StrictUtf8RecordReader reader,
            final SyncCheckedInput content, final String file, final String refPrefix, final String sourceOverride) {
        this.records = records;
        this.reader = reader;
        this.content = content;
        this.file = file;
        this.refPrefix = refPrefix;
        this.sourceOverride = sourceOverride;
    }

    /**
     * Opens a reader over a file's (decompressed) content, which it then owns.
     *
     * @param in             the content, positioned at the Avro magic bytes
     * @param file           the file as the user named it, for error messages
     * @param refPrefix      the import's source name, which starts every record reference ({@code <prefix>#<n>})
     * @param sourceOverride the source to store in every record, or null to keep each record's own (the
     *                       prefix when a record's is blank)
     * @throws IOException when the content is not an Avro data file, or its schema cannot be read as the current
     *                     {@code PreferenceRecord}; the message names the file
     */
    static AvroReader open(final BufferedInputStream in, final String file, final String refPrefix,
            final String sourceOverride) throws IOException {
        try {
            // Without this check the header reader takes the first bytes of, say, a JSON line for lengths and
            // fails with a message about those.
            if (!ImportInput.hasAvroMagic(in)) {
                throw new IOException(file + " is not an Avro container file: it does not start with the Avro"
                        + " magic bytes, Obj and 0x01");
            }
        } catch (IOException e) {
            in.close();
            throw e;
        }
        final SyncCheckedInput content;
        final DataFileStream<PreferenceRecord> records;
        final StrictUtf8RecordReader reader = new StrictUtf8RecordReader();
        try {
            content = SyncCheckedInput.wrap(in);
            records = new DataFileStream<>(content, reader);
        } catch (IOException | RuntimeException e) {
            // Avro reports a bad header with a variety of runtime exceptions (schema parse, unknown codec);
            // each means the same thing here, and the cause is chained.
            in.close();
            throw new IOException(file + " is not a readable Avro data file", e);
        }
        try {
            requireReadable(records.getSchema(), file);
        } catch (IOException e) {
            records.close();
            throw e;
        }
        return new AvroReader(records, reader, content, file, refPrefix, sourceOverride);
    }

    private static void requireReadable(final Schema writer, final String file) throws IOException {
        final SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(PreferenceRecord.getClassSchema(), writer);
        if (compatibility.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        final StringBuilder detail = new StringBuilder();
        for (final Incompatibility incompatibility : compatibility.getResult().getIncompatibilities()) {
            detail.append("; ").append(incompatibility.getType()).append(" at ")
                    .append(describeLocation(incompatibility.getLocation())).append(": ")
                    .append(incompatibility.getMessage());
        }
        throw new IOException(String.format("%s: its schema %s cannot be read as %s%s", file, writer.getFullName(),
                PreferenceRecord.getClassSchema().getFullName(), detail));
    }

    /** Names the reader field a location such as {@code /fields/8/type} points into. */
    private static String describeLocation(final String location) {
        final Matcher field = TOP_LEVEL_FIELD.matcher(location);
        final List<Schema.Field> fields = PreferenceRecord.getClassSchema().getFields();
        if (field.matches() && Integer.parseInt(field.group(1)) < fields.size()) {
            return "field '" + fields.get(Integer.parseInt(field.group(1))).name() + "' (" + location + ")";
        }
        return location;
    }

    @Override
    public ImportRecord next() throws IOException {
        final PreferenceRecord record;
        try {
            if (!records.hasNext()) {
                requireCompleteFile();
                return null;
            }
            record = records.next();
        } catch (RuntimeException e) {
            // A corrupt block surfaces as one of Avro's runtime exceptions (a wrapped I/O error, a bad sync
            // marker, a negative length, a size limit); the records before it have been read and sent.
            throw new IOException(String.format("%s: unreadable Avro data after record %d", file, read), e);
        }
        read++;
        final String ref = refPrefix + "#" + read;
        final String source = sourceOf(record);
        final String invalidUtf8 = reader.takeInvalidField();
        if (invalidUtf8 != null) {
            final ParseResult.Rejected refusal = new ParseResult.Rejected(RejectReason.INVALID_UTF8, invalidUtf8,
                    "record " + ref + ": " + invalidUtf8 + " holds bytes that are not valid UTF-8");
            // Avro decoded the damaged string with replacement characters; that form is what the dead letter keeps.
            return new ImportRecord(ref, source, ENCODED.encode(record), refusal);
        }
        final Optional<String> reserved = PreferenceJson.reservedMetadataKey(record);
        if (reserved.isPresent()) {
            final ParseResult.Rejected refusal = new ParseResult.Rejected(RejectReason.INVALID_VALUE, "metadata",
                    "record " + ref + ": metadata key '" + reserved.get() + "' is a field of the JSON judgment form");
            // No JSON form exists for it, so the dead letter keeps the record single-object encoded.
            return new ImportRecord(ref, source, ENCODED.encode(record), refusal);
        }
        return ImportRecord.of(ref, source, PreferenceJson.write(record));
    }

    private void requireCompleteFile() throws IOException {
        if (!content.endsWithSync()) {
            throw new IOException(String.format("%s: Avro data ends inside a block after record %d; the file is"
                    + " truncated or corrupt", file, read));
        }
    }

    private String sourceOf(final PreferenceRecord record) {
        if (sourceOverride != null) {
            return sourceOverride;
        }
        return record.getSource().isBlank() ? refPrefix : record.getSource();
    }

    @Override
    public long read() {
        return read;
    }

    @Override
    public FileFormat format() {
        return FileFormat.AVRO;
    }

    @Override
    public long blank() {
        return 0;
    }

    @Override
    public void close() throws IOException {
        records.close();
    }
}

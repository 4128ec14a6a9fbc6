package io.prefstream.ingest.format;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prefstream.schemas.serde.AvroSerde;
import io.prefstream.schemas.serde.AvroSerdes;
import io.prefstream.schemas.v1.PreferenceRecord;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Parses and validates one input record (one JSONL line or one Kafka record value) into a
 * {@link PreferenceRecord} or a rejection with a reason; does no I/O and is safe to share between threads.
 *
 * <p>Checks run in this order: size, strict UTF-8, JSON syntax, top-level object, the fields of one format
 * only, format detection, format-specific conversion, shared prompt/response checks, optional fields. The first
 * failure decides.
 * With {@link ParserConfig#nfc()} on, every string value is made Unicode NFC right after the JSON is read, so
 * conversion, checks and the stored record all see NFC text; with it off, text is stored as received.
 */
public final class JudgmentParser {

    /** Longest accepted record id; ids travel as Kafka keys and in every log line. */
    public static final int MAX_ID_CHARS = 512;

    /** Room the stored form may take beyond the input limit: the content and pair keys, the source. */
    private static final int STORED_OVERHEAD_BYTES = 1024;

    private static final AvroSerde<PreferenceRecord> STORED = AvroSerdes.preferenceRecord();

    private final ParserConfig config;
    private final JsonObjectReader reader = new JsonObjectReader();
    private final PairValidator validator;
    private final Map<InputFormat, PairConverter> converters = new EnumMap<>(InputFormat.class);

    /**
     * Creates a parser.
     *
     * @param config the settings; see {@link ParserConfig#defaults()}
     */
    public JudgmentParser(final ParserConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.validator = new PairValidator(config);
        converters.put(InputFormat.PREFERENCE, new PreferenceConverter());
        converters.put(InputFormat.HH, new HhConverter());
        converters.put(InputFormat.CHAT, new ChatConverter());
        converters.put(InputFormat.PAIRWISE, new PairwiseConverter());
    }

    /** Creates a parser with {@link ParserConfig#defaults()}. */
    public JudgmentParser() {
        this(ParserConfig.defaults());
    }

    /** Returns the settings. */
    public ParserConfig config() {
        return config;
    }

    /**
     * Parses one record.
     *
     * @param line             the record's bytes, without the line terminator; null (a tombstone) is rejected
     * @param source           where the record came from (import file or collector name), stored in the record
     * @param recordRef        which record this is, for example {@code "<file>:<line>"}; used as the id when the
     *                         record has none and named in every rejection detail
     * @return the accepted record or the rejection; never null, never throws for bad input
     */
    public ParseResult parse(final byte[] line, final String source, final String recordRef) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(recordRef, "recordRef");
        try {
            final PreferenceRecord record = toRecord(line, source, recordRef);
            return new ParseResult.Accepted(record, storedForm(record));
        } catch (RecordRejection rejection) {
            return new ParseResult.Rejected(rejection.reason(), rejection.field(),
                    "record " + recordRef + ": " + rejection.getMessage());
        }
    }

    private PreferenceRecord toRecord(final byte[] line, final String source, final String recordRef) {
        final ObjectNode node = reader.read(decode(line));
        if (config.nfc()) {
            NfcText.normalise(node);
        }
        FormatDetector.requireOneFormat(node);
        final InputFormat format = config.forcedFormat() == InputFormat.AUTO
                ? FormatDetector.detect(node)
                : config.forcedFormat();
        final ConvertedPair pair = converters.get(format).convert(node);
        final PairKeys keys = validator.validate(pair);
        final RecordAttributes attributes = RecordAttributes.read(node, recordRef, config);
        if (attributes.id().length() > MAX_ID_CHARS) {
            throw new RecordRejection(RejectReason.FIELD_TOO_LARGE, "id", String.format(
                    "id has %d characters, more than the limit of %d", attributes.id().length(), MAX_ID_CHARS));
        }
        final PreferenceRecord record = PreferenceRecord.newBuilder()
                .setId(attributes.id())
                .setSource(source)
                .setContentKey(keys.contentKey())
                .setPairKey(keys.pairKey())
                .setPrompt(pair.prompt())
                .setPromptMessages(pair.promptMessages())
                .setChosen(pair.chosen())
                .setRejected(pair.rejected())
                .setAnnotatorId(attributes.annotatorId())
                .setVotes(attributes.votes())
                .setCreatedAt(attributes.createdAt())
                .setMetadata(attributes.metadata())
                .build();
        return record;
    }

    /**
     * Returns the record's stored form, the single-object encoding every topic after the parser holds.
     *
     * @throws RecordRejection when it is over the limit
     */
    private byte[] storedForm(final PreferenceRecord record) {
        // The stored record repeats some input (a chat prompt is kept as messages and as text),
        // so it can outgrow a line that was under the limit; Kafka would then refuse it downstream.
        final byte[] stored = STORED.encode(record);
        if (stored.length > config.maxRecordBytes() + STORED_OVERHEAD_BYTES) {
            throw new RecordRejection(RejectReason.RECORD_TOO_LARGE, null, String.format(
                    "the stored record would have %d bytes, more than the limit of %d",
                    stored.length, config.maxRecordBytes() + STORED_OVERHEAD_BYTES));
        }
        return stored;
    }

    private String decode(final byte[] line) {
        if (line == null) {
            throw new RecordRejection(RejectReason.NOT_AN_OBJECT, null, "record value is null");
        }
        if (line.length > config.maxRecordBytes()) {
            throw new RecordRejection(RejectReason.RECORD_TOO_LARGE, null, String.format(
                    "record has %d bytes, more than the limit of %d", line.length, config.maxRecordBytes()));
        }
        return StrictUtf8.decode(line);
    }
}

package io.prefstream.ingest.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Parses one record's text as a single strict JSON object; thread-safe. */
final class JsonObjectReader {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    /** Deepest nesting of arrays and objects accepted; no format needs more than a few levels. */
    static final int MAX_NESTING_DEPTH = 1000;

    /** Most digits a JSON number may have. */
    static final int MAX_NUMBER_DIGITS = 1000;

    /** Longest duplicate key quoted in a rejection detail; the rest is cut. */
    private static final int MAX_QUOTED_KEY_CHARS = 64;

    // Jackson's messages are not forwarded (they may quote record text); these prefixes only recognise which
    // check failed, and an unrecognised message still gives the position.
    private static final String DUPLICATE_FIELD_MESSAGE = "Duplicate field ";
    private static final String NESTING_DEPTH_MESSAGE = "Document nesting depth";
    private static final String NUMBER_LENGTH_MESSAGE = "Number value length";

    // Jackson's default buffer pool is a thread-local; in a profile of the ingest stream thread, looking
    // it up took a few percent of a record's parse time. A pool of this reader's own is one queue
    // operation per parse, and is shared safely by the threads that share the parser.
    private final ObjectMapper mapper = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
                    // Set here, not left to Jackson's defaults, because the rejection details name them.
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxNumberLength(MAX_NUMBER_DIGITS)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Metadata keeps numbers as text: read as doubles, 1e999 would become "Infinity" and a long
            // decimal would lose digits. As decimals with their trailing zeros, "9.0" stays "9.0".
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Jackson would otherwise quote the record text in its messages; we never forward those anyway.
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    /**
     * Returns the record as an object node.
     *
     * @throws RecordRejection with {@link RejectReason#MALFORMED_JSON} or {@link RejectReason#NOT_AN_OBJECT}
     */
    ObjectNode read(final String text) {
        final JsonNode node = parse(stripByteOrderMark(text));
        if (node == null || node.isMissingNode()) {
            throw new RecordRejection(RejectReason.MALFORMED_JSON, null, "record holds no JSON value");
        }
        if (!node.isObject()) {
            throw new RecordRejection(RejectReason.NOT_AN_OBJECT, null,
                    "top-level JSON value is " + JsonFields.typeName(node) + ", expected an object");
        }
        return (ObjectNode) node;
    }

    private JsonNode parse(final String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            // The exception is turned into a dead-letter reason; its message may quote record text, so only
            // its position is kept.
            throw new RecordRejection(RejectReason.MALFORMED_JSON, null, describe(e, text.length()));
        }
    }

    /**
     * Returns what is wrong, without record text: a duplicate key is named (quoted by {@link LogSafeText#quote},
     * so escaped and cut short), an exceeded nesting or number limit says which, and anything else gives only
     * where parsing stopped.
     */
    private static String describe(final JsonProcessingException e, final int length) {
        final JsonLocation location = e.getLocation();
        final long offset = location == null ? -1 : location.getCharOffset();
        final String where = offset < 0 ? "" : " at character offset " + offset + " of " + length;
        final String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof JsonEOFException) {
            return "JSON ends before the value is complete" + where;
        }
        if (e instanceof StreamConstraintsException && message.startsWith(NESTING_DEPTH_MESSAGE)) {
            return "JSON nesting exceeds the limit of " + MAX_NESTING_DEPTH + " levels of arrays and objects" + where;
        }
        if (e instanceof StreamConstraintsException && message.startsWith(NUMBER_LENGTH_MESSAGE)) {
            return "a JSON number exceeds the limit of " + MAX_NUMBER_DIGITS + " digits" + where;
        }
        if (e instanceof JsonParseException && message.startsWith(DUPLICATE_FIELD_MESSAGE)
                && e.getProcessor() instanceof JsonParser parser
                && parser.getParsingContext().getCurrentName() != null) {
            return "duplicate key " + LogSafeText.quote(parser.getParsingContext().getCurrentName(),
                    MAX_QUOTED_KEY_CHARS) + where;
        }
        return "malformed JSON" + where;
    }

    private static String stripByteOrderMark(final String text) {
        return !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
    }
}

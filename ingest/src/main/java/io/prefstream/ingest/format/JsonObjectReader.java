package io.prefstream.ingest.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
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

    // Jackson's default buffer pool is a thread-local; in a profile of the ingest stream thread, looking
    // it up took a few percent of a record's parse time. A pool of this reader's own is one queue
    // operation per parse, and is shared safely by the threads that share the parser.
    private final ObjectMapper mapper = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
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

    private static String describe(final JsonProcessingException e, final int length) {
        final JsonLocation location = e.getLocation();
        final long offset = location == null ? -1 : location.getCharOffset();
        final String where = offset < 0 ? "" : " at character offset " + offset + " of " + length;
        if (e instanceof JsonEOFException) {
            return "JSON ends before the value is complete" + where;
        }
        return "malformed JSON" + where;
    }

    private static String stripByteOrderMark(final String text) {
        return !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
    }
}

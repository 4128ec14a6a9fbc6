package io.prefstream.ingest.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prefstream.ingest.format.Utf8Validation;

/**
 * Splits a request body (one JSON object, or a JSON array of them) into the bytes of each judgment.
 *
 * <p>An object item keeps the exact bytes the client sent, cut out of the body by the parser's byte offsets, so the
 * raw topic holds the submitted judgment untouched and {@code JudgmentParser} sees what the stream will see (a
 * duplicate key, for one, stays visible to it). Any other array element (string, number, null, nested array) is
 * re-serialised with Jackson so the parser rejects it with its usual reason. The whole body must be one complete,
 * UTF-8 JSON value; anything else is a 400.
 */
final class BatchSplitter {

    private final ObjectMapper mapper;
    private final int maxBatchSize;

    BatchSplitter(final ObjectMapper mapper, final int maxBatchSize) {
        this.mapper = mapper;
        this.maxBatchSize = maxBatchSize;
    }

    /**
     * Returns the bytes of each item, in body order.
     *
     * @throws RequestFailure 400 for malformed JSON, a top-level value that is not an object or array, or an empty
     *                        array; 413 for more than the batch size limit
     */
    List<byte[]> split(final byte[] body) {
        requireUtf8(body);
        try (JsonParser parser = mapper.getFactory().createParser(body)) {
            final JsonToken first = parser.nextToken();
            final List<byte[]> items;
            if (first == JsonToken.START_OBJECT) {
                items = List.of(objectBytes(parser, body));
            } else if (first == JsonToken.START_ARRAY) {
                items = arrayItems(parser, body);
            } else {
                throw new RequestFailure(BodyReader.BAD_REQUEST, "not_a_judgment",
                        "the body must be a JSON object or a JSON array of objects");
            }
            if (parser.nextToken() != null) {
                throw malformed("there is more after the first JSON value", parser.currentLocation(), null);
            }
            return items;
        } catch (JacksonException e) {
            throw malformed("the body is not valid JSON", e.getLocation(), e);
        } catch (IOException e) {
            throw new RequestFailure(BodyReader.BAD_REQUEST, "malformed_json", "the body could not be parsed", e);
        }
    }

    /**
     * Refuses a body that is not well-formed UTF-8, naming the first bad byte: without this, JSON text in another
     * 8-bit encoding would be reported as malformed JSON at some column, which sends the client looking in the
     * wrong place. UTF-16 and UTF-32 bodies without a byte order mark are valid UTF-8 byte for byte (their zero
     * bytes are NUL characters) and are caught while splitting.
     */
    private static void requireUtf8(final byte[] body) {
        final int offset = Utf8Validation.firstInvalidByte(body);
        if (offset >= 0) {
            throw new RequestFailure(BodyReader.BAD_REQUEST, "not_utf8", "the body must be UTF-8 encoded JSON;"
                    + " byte " + offset + " is not valid UTF-8");
        }
    }

    private List<byte[]> arrayItems(final JsonParser parser, final byte[] body) throws IOException {
        final List<byte[]> items = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token == null) {
                throw malformed("the array is not closed", parser.currentLocation(), null);
            }
            if (items.size() == maxBatchSize) {
                throw new RequestFailure(BodyReader.PAYLOAD_TOO_LARGE, "batch_too_large",
                        "the batch has more than " + maxBatchSize + " items; send smaller batches");
            }
            items.add(token == JsonToken.START_OBJECT
                    ? objectBytes(parser, body)
                    : mapper.writeValueAsBytes(mapper.readTree(parser)));
        }
        if (items.isEmpty()) {
            throw new RequestFailure(BodyReader.BAD_REQUEST, "empty_batch", "the batch has no items");
        }
        return items;
    }

    /** Cuts out the object that starts at the current token, leaving the parser on its closing brace. */
    private static byte[] objectBytes(final JsonParser parser, final byte[] body) throws IOException {
        final long start = parser.currentTokenLocation().getByteOffset();
        parser.skipChildren();
        final long end = parser.currentLocation().getByteOffset();
        if (start < 0 || end <= start || end > body.length) {
            // Offsets are only missing when Jackson decoded the body as UTF-16 or UTF-32.
            throw new RequestFailure(BodyReader.BAD_REQUEST, "not_utf8", "the body must be UTF-8 encoded JSON");
        }
        return Arrays.copyOfRange(body, (int) start, (int) end);
    }

    private static RequestFailure malformed(final String what, final JsonLocation where, final Throwable cause) {
        final String position = where == null || where.getLineNr() < 0 ? ""
                : String.format(" (line %d, column %d)", where.getLineNr(), where.getColumnNr());
        return new RequestFailure(BodyReader.BAD_REQUEST, "malformed_json", what + position, cause);
    }
}

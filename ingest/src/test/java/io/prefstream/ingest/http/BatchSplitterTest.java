package io.prefstream.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Cutting a body into items: exact bytes for objects, 400 or 413 for bodies that are not a batch. */
class BatchSplitterTest {

    private static final int MAX_ITEMS = 3;

    private final BatchSplitter splitter = new BatchSplitter(new ObjectMapper(), MAX_ITEMS);

    @Test
    void shouldKeepExactBytesOfEachObject() {
        final String first = "{\"a\": \"caf\\u00e9 \u00e9\",  \"b\": {\"c\": [1, 2]}}";
        final String second = "{\"x\":\"}\"}";

        final List<byte[]> items = splitter.split(utf8(" [ " + first + " ,\n\t" + second + " ] \n"));

        assertThat(items).extracting(BatchSplitterTest::text).containsExactly(first, second);
    }

    @Test
    void shouldTakeSingleObjectWithoutSurroundingWhitespace() {
        final List<byte[]> items = splitter.split(utf8("\n {\"a\": 1}\r\n"));

        assertThat(items).extracting(BatchSplitterTest::text).containsExactly("{\"a\": 1}");
    }

    @Test
    void shouldReserialiseItemsThatAreNotObjects() {
        final List<byte[]> items = splitter.split(utf8("[1, \"s\", null]"));

        assertThat(items).extracting(BatchSplitterTest::text).containsExactly("1", "\"s\"", "null");
    }

    @Test
    void shouldRefuseInvalidUtf8AsBadRequest() {
        final byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'};

        assertThatThrownBy(() -> splitter.split(body)).isInstanceOfSatisfying(RequestFailure.class,
                failure -> assertThat(failure.status()).isEqualTo(400));
    }

    @Test
    void shouldRefuseUnclosedArrayAsMalformed() {
        assertThatThrownBy(() -> splitter.split(utf8("[{\"a\": 1}"))).isInstanceOfSatisfying(RequestFailure.class,
                failure -> assertThat(failure.code()).isEqualTo("malformed_json"));
    }

    @Test
    void shouldRefuseBatchOverLimitAsPayloadTooLarge() {
        assertThatThrownBy(() -> splitter.split(utf8("[{}, {}, {}, {}]"))).isInstanceOfSatisfying(
                RequestFailure.class, failure -> assertThat(failure.status()).isEqualTo(413));
    }

    private static byte[] utf8(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(final byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

package io.prefstream.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

/** Bodies declared as anything but uncompressed UTF-8 JSON are refused before they are read, and nothing is sent. */
class CollectorMediaTypeTest {

    private static final String JUDGMENT = CollectorFixture.quoted(
            "{'prompt': 'Caf\u00e9?', 'chosen': 'Oui.', 'rejected': 'Non.'}");

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
        "application/json, none, 200, ",
        "application/json; charset=UTF-8, none, 200, ",
        "application/vnd.judgments+json, identity, 200, ",
        "text/plain, none, 415, unsupported_media_type",
        "application/x-www-form-urlencoded, none, 415, unsupported_media_type",
        "none, none, 415, unsupported_media_type",
        "application/json; charset=iso-8859-1, none, 415, unsupported_charset",
        "application/json, gzip, 415, unsupported_encoding",
    })
    void shouldServeOnlyUncompressedUtf8Json(final String contentType, final String contentEncoding,
            final int status, final String error) throws Exception {
        try (CollectorFixture collector = CollectorFixture.start()) {
            final HttpResponse<String> response = collector.postDeclared(JUDGMENT.getBytes(StandardCharsets.UTF_8),
                    contentType, contentEncoding);

            assertThat(response.statusCode()).isEqualTo(status);
            if (error != null) {
                assertThat(CollectorFixture.json(response).path("error").asText()).isEqualTo(error);
                assertThat(collector.producer.history()).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"ISO-8859-1, 15", "UTF-16, 0"})
    void shouldNameTheFirstByteOfABodyThatIsNotUtf8(final String charset, final int firstBadByte) throws Exception {
        try (CollectorFixture collector = CollectorFixture.start()) {
            final HttpResponse<String> response = collector.postDeclared(JUDGMENT.getBytes(charset),
                    "application/json", null);

            assertThat(response.statusCode()).isEqualTo(400);
            final JsonNode body = CollectorFixture.json(response);
            assertThat(body.path("error").asText()).isEqualTo("not_utf8");
            assertThat(body.path("message").asText()).contains("byte " + firstBadByte + " ");
        }
    }
}

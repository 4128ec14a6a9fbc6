package io.prefstream.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Bodies refused before validation: too large, not JSON, not a judgment or a batch of them. */
class CollectorRequestLimitsTest {

    private static final int SMALL_LIMIT = 1024;
    private static final String JUDGMENT = CollectorFixture.quoted("{'prompt': 'p', 'chosen': 'a', 'rejected': 'b'}");

    @Test
    void shouldRejectBodyOverLimitWithPayloadTooLarge() throws Exception {
        try (CollectorFixture collector = CollectorFixture.start(
                CollectorFixture.config().withMaxBodyBytes(SMALL_LIMIT))) {
            final String body = CollectorFixture.quoted("{'prompt': '" + "x".repeat(4 * SMALL_LIMIT)
                    + "', 'chosen': 'a', 'rejected': 'b'}");

            final HttpResponse<String> response = collector.post(body);

            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(CollectorFixture.json(response).path("error").asText()).isEqualTo("body_too_large");
            assertThat(collector.producer.history()).isEmpty();
        }
    }

    @Test
    void shouldRejectChunkedBodyOverLimitWithPayloadTooLarge() throws Exception {
        try (CollectorFixture collector = CollectorFixture.start(
                CollectorFixture.config().withMaxBodyBytes(SMALL_LIMIT))) {
            final byte[] body = ("[" + (JUDGMENT + ",").repeat(SMALL_LIMIT / JUDGMENT.length() + 1) + JUDGMENT + "]")
                    .getBytes(StandardCharsets.UTF_8);

            final HttpResponse<String> response = collector.postChunked(body);

            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(collector.producer.history()).isEmpty();
        }
    }

    @Test
    void shouldAcceptBodyExactlyAtLimit() throws Exception {
        try (CollectorFixture collector = CollectorFixture.start(
                CollectorFixture.config().withMaxBodyBytes(JUDGMENT.length()))) {
            final HttpResponse<String> response = collector.post(JUDGMENT);

            assertThat(response.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldRejectMalformedJsonWithBadRequest() throws Exception {
        try (CollectorFixture collector = CollectorFixture.start()) {
            final HttpResponse<String> response = collector.post("[" + JUDGMENT + ", {\"prompt\": ");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(CollectorFixture.json(response).path("error").asText()).isEqualTo("malformed_json");
            assertThat(collector.producer.history()).isEmpty();
        }
    }

    @Test
    void shouldRejectTrailingContentWithBadRequest() throws Exception {
        try (CollectorFixture collector = CollectorFixture.start()) {
            final HttpResponse<String> response = collector.post(JUDGMENT + " " + JUDGMENT);

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(CollectorFixture.json(response).path("error").asText()).isEqualTo("malformed_json");
        }
    }

    @Test
    void shouldRejectScalarBodyWithBadRequest() throws Exception {
        try (CollectorFixture collector = CollectorFixture.start()) {
            final HttpResponse<String> response = collector.post("\"a judgment\"");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(CollectorFixture.json(response).path("error").asText()).isEqualTo("not_a_judgment");
        }
    }

    @Test
    void shouldRejectEmptyBatchWithBadRequest() throws Exception {
        try (CollectorFixture collector = CollectorFixture.start()) {
            final HttpResponse<String> response = collector.post("[]");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(CollectorFixture.json(response).path("error").asText()).isEqualTo("empty_batch");
        }
    }

    @Test
    void shouldRejectBatchOverItemLimitWithPayloadTooLarge() throws Exception {
        try (CollectorFixture collector = CollectorFixture.start(CollectorFixture.config().withMaxBatchSize(2))) {
            final HttpResponse<String> response = collector.post("[" + JUDGMENT + "," + JUDGMENT + "," + JUDGMENT
                    + "]");

            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(CollectorFixture.json(response).path("error").asText()).isEqualTo("batch_too_large");
            assertThat(collector.producer.history()).isEmpty();
        }
    }
}

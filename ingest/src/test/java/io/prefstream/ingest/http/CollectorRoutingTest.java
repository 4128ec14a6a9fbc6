package io.prefstream.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

/** Requests outside the two routes get JSON errors, and replies do not advertise the server software. */
class CollectorRoutingTest {

    @Test
    void shouldAnswerUnknownPathWithJsonNotFound() throws Exception {
        try (CollectorFixture collector = CollectorFixture.start()) {
            final HttpResponse<String> response = collector.get("/v1/unknown");

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(CollectorFixture.json(response).path("error").asText()).isEqualTo("http_404");
        }
    }

    @Test
    void shouldAnswerWrongMethodWithJsonMethodNotAllowed() throws Exception {
        try (CollectorFixture collector = CollectorFixture.start()) {
            final HttpResponse<String> response = collector.get(CollectorServer.JUDGMENTS_PATH);

            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(CollectorFixture.json(response).path("error").asText()).isEqualTo("http_405");
            assertThat(response.headers().firstValue("Allow")).contains("POST");
        }
    }

    @Test
    void shouldNotAdvertiseServerVersion() throws Exception {
        try (CollectorFixture collector = CollectorFixture.start()) {
            final HttpResponse<String> response = collector.get(CollectorServer.HEALTH_PATH);

            assertThat(response.headers().firstValue("Server")).isEmpty();
        }
    }
}

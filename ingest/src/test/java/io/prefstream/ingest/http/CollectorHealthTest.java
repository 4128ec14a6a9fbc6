package io.prefstream.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The health reply follows the health check: 200 while it finds nothing, 503 naming the problem otherwise. */
class CollectorHealthTest {

    @Test
    void shouldReportTheCheckedProblemAsUnavailableAndRecover() throws Exception {
        final AtomicReference<String> problem = new AtomicReference<>("stream is REBALANCING");
        try (CollectorFixture collector = CollectorFixture.startWithHealth(() -> Optional.ofNullable(problem.get()))) {
            final HttpResponse<String> down = collector.get(CollectorServer.HEALTH_PATH);
            assertThat(down.statusCode()).isEqualTo(503);
            final JsonNode body = CollectorFixture.json(down);
            assertThat(body.path("status").asText()).isEqualTo("unavailable");
            assertThat(body.path("problem").asText()).isEqualTo("stream is REBALANCING");

            problem.set(null);
            final HttpResponse<String> up = collector.get(CollectorServer.HEALTH_PATH);
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(CollectorFixture.json(up).path("status").asText()).isEqualTo("ok");
            assertThat(CollectorFixture.json(up).has("problem")).isFalse();
        }
    }
}

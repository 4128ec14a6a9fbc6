package io.prefstream.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prefstream.ingest.metrics.CollectorMeters;
import io.prefstream.ingest.metrics.IngestMeters;

/** Every answer of the collection endpoint is counted by outcome, with the judgments it wrote. */
class CollectorMetersTest {

    private static final String PAIR = CollectorFixture.quoted("{'prompt': 'p%d', 'chosen': 'a', 'rejected': 'b'}");

    @Test
    void shouldCountRequestsByOutcomeAndJudgmentsWritten() throws Exception {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final CollectorMeters meters = new CollectorMeters();
        meters.bindTo(registry);
        try (CollectorFixture collector = CollectorFixture.startWithMeters(meters)) {
            final HttpResponse<String> accepted = collector.post("[" + String.format(PAIR, 1) + ","
                    + String.format(PAIR, 2) + "]");
            final HttpResponse<String> invalid = collector.post("[" + String.format(PAIR, 3) + ",{\"prompt\": 7}]");
            final HttpResponse<String> unauthorized = collector.post(String.format(PAIR, 4), "Bearer wrong");
            final HttpResponse<String> refused = collector.post("not json");

            assertThat(accepted.statusCode()).isEqualTo(200);
            assertThat(invalid.statusCode()).isEqualTo(422);
            assertThat(unauthorized.statusCode()).isEqualTo(401);
            assertThat(refused.statusCode()).isEqualTo(400);
        }

        assertThat(requests(registry, "accepted")).isEqualTo(1);
        assertThat(requests(registry, "invalid")).isEqualTo(1);
        assertThat(requests(registry, "unauthorized")).isEqualTo(1);
        assertThat(requests(registry, "refused")).isEqualTo(1);
        assertThat(requests(registry, "rate_limited")).isZero();
        assertThat(requests(registry, "failed")).isZero();
        assertThat(registry.get(IngestMeters.COLLECTOR_JUDGMENTS).functionCounter().count()).isEqualTo(2);
        assertThat(registry.get(IngestMeters.COLLECTOR_REQUEST_DURATION).tag(IngestMeters.OUTCOME, "accepted")
                .timer().count()).isEqualTo(1);
    }

    @Test
    void shouldMapStatusesToOutcomes() {
        assertThat(CollectorMeters.Outcome.of(200)).isEqualTo(CollectorMeters.Outcome.ACCEPTED);
        assertThat(CollectorMeters.Outcome.of(422)).isEqualTo(CollectorMeters.Outcome.INVALID);
        assertThat(CollectorMeters.Outcome.of(429)).isEqualTo(CollectorMeters.Outcome.RATE_LIMITED);
        assertThat(CollectorMeters.Outcome.of(401)).isEqualTo(CollectorMeters.Outcome.UNAUTHORIZED);
        assertThat(CollectorMeters.Outcome.of(413)).isEqualTo(CollectorMeters.Outcome.REFUSED);
        assertThat(CollectorMeters.Outcome.of(415)).isEqualTo(CollectorMeters.Outcome.REFUSED);
        assertThat(CollectorMeters.Outcome.of(503)).isEqualTo(CollectorMeters.Outcome.FAILED);
        assertThat(CollectorMeters.Outcome.of(500)).isEqualTo(CollectorMeters.Outcome.FAILED);
    }

    private static double requests(final SimpleMeterRegistry registry, final String outcome) {
        return registry.get(IngestMeters.COLLECTOR_REQUESTS).tag(IngestMeters.OUTCOME, outcome).functionCounter()
                .count();
    }
}

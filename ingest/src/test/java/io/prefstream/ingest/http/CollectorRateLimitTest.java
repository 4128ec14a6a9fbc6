package io.prefstream.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

/** Batches over the judgments-per-second limit are refused whole, before validation, with the wait to honour. */
class CollectorRateLimitTest {

    private static final String PAIR = CollectorFixture.quoted("{'prompt': 'p%d', 'chosen': 'a', 'rejected': 'b'}");

    @Test
    void shouldRefuseBatchOverTheLimitWithRetryAfterAndWriteNothing() throws Exception {
        // One judgment per second, so a burst of ten (BURST_SECONDS) and then nothing for a second.
        try (CollectorFixture collector = CollectorFixture.start(CollectorFixture.config()
                .withMaxJudgmentsPerSecond(1).withMaxBatchSize(CollectorConfig.BURST_SECONDS))) {
            final HttpResponse<String> first = collector.post(batch(0, CollectorConfig.BURST_SECONDS));
            final HttpResponse<String> second = collector.post(batch(100, 2));

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(second.statusCode()).isEqualTo(429);
            assertThat(CollectorFixture.json(second).path("error").asText()).isEqualTo("rate_limited");
            assertThat(CollectorFixture.json(second).path("message").asText())
                    .contains("at most 1 judgments per second").contains("batch of 2");
            assertThat(second.headers().firstValue("Retry-After")).map(Long::parseLong).hasValueSatisfying(
                    seconds -> assertThat(seconds).isBetween(1L, 2L));
            assertThat(collector.producer.history()).hasSize(CollectorConfig.BURST_SECONDS);
        }
    }

    @Test
    void shouldNotTakeTokensForRefusedRequests() throws Exception {
        try (CollectorFixture collector = CollectorFixture.start(CollectorFixture.config()
                .withMaxJudgmentsPerSecond(1).withMaxBatchSize(CollectorConfig.BURST_SECONDS))) {
            final HttpResponse<String> unauthorised = collector.post(batch(0, 1), "Bearer wrong-token");
            final HttpResponse<String> accepted = collector.post(batch(0, CollectorConfig.BURST_SECONDS));

            assertThat(unauthorised.statusCode()).isEqualTo(401);
            assertThat(accepted.statusCode()).isEqualTo(200);
        }
    }

    private static String batch(final int first, final int size) {
        final StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            body.append(i == 0 ? "" : ",").append(String.format(PAIR, first + i));
        }
        return body.append(']').toString();
    }
}

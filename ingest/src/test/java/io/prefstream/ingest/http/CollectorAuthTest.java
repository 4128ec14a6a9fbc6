package io.prefstream.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

/** Bearer token checks and the unauthenticated health check. */
class CollectorAuthTest {

    private static final String JUDGMENT = CollectorFixture.quoted("{'prompt': 'p', 'chosen': 'a', 'rejected': 'b'}");

    @Test
    void shouldRejectRequestWithoutToken() throws Exception {
        try (CollectorFixture collector = CollectorFixture.start()) {
            final HttpResponse<String> response = collector.post(JUDGMENT, null);

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"prefstream\"");
            assertThat(CollectorFixture.json(response).path("error").asText()).isEqualTo("unauthorized");
            assertThat(collector.producer.history()).isEmpty();
        }
    }

    @Test
    void shouldRejectRequestWithWrongToken() throws Exception {
        try (CollectorFixture collector = CollectorFixture.start()) {
            final HttpResponse<String> response = collector.post(JUDGMENT, "Bearer " + CollectorFixture.TOKEN + "x");

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    challenge -> assertThat(challenge).startsWith("Bearer ").contains("error=\"invalid_token\""));
            assertThat(CollectorFixture.json(response).path("error").asText()).isEqualTo("unauthorized");
            assertThat(response.body()).doesNotContain(CollectorFixture.TOKEN);
            assertThat(collector.producer.history()).isEmpty();
        }
    }

    @Test
    void shouldRejectOtherAuthorizationScheme() throws Exception {
        try (CollectorFixture collector = CollectorFixture.start()) {
            final HttpResponse<String> response = collector.post(JUDGMENT, "Basic " + CollectorFixture.TOKEN);

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(collector.producer.history()).isEmpty();
        }
    }

    @Test
    void shouldAcceptSchemeInAnyCase() throws Exception {
        try (CollectorFixture collector = CollectorFixture.start()) {
            final HttpResponse<String> response = collector.post(JUDGMENT, "bearer " + CollectorFixture.TOKEN);

            assertThat(response.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldAnswerHealthCheckWithoutToken() throws Exception {
        try (CollectorFixture collector = CollectorFixture.start()) {
            final HttpResponse<String> response = collector.get(CollectorServer.HEALTH_PATH);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(CollectorFixture.json(response).path("status").asText()).isEqualTo("ok");
        }
    }

    @Test
    void shouldRejectMoreThanOneAuthorizationHeaderWhateverTheirOrder() throws Exception {
        try (CollectorFixture collector = CollectorFixture.start()) {
            final String right = "Bearer " + CollectorFixture.TOKEN;
            final HttpResponse<String> rightFirst = collector.postWithAuthorizations(JUDGMENT, right, "Bearer wrong");
            final HttpResponse<String> wrongFirst = collector.postWithAuthorizations(JUDGMENT, "Bearer wrong", right);
            final HttpResponse<String> twiceRight = collector.postWithAuthorizations(JUDGMENT, right, right);

            assertThat(rightFirst.statusCode()).isEqualTo(400);
            assertThat(wrongFirst.statusCode()).isEqualTo(400);
            assertThat(twiceRight.statusCode()).isEqualTo(400);
            assertThat(CollectorFixture.json(rightFirst).path("error").asText()).isEqualTo("duplicate_authorization");
            assertThat(collector.producer.history()).isEmpty();
        }
    }
}

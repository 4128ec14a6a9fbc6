package io.prefstream.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** All-or-nothing validation: one bad item fails the batch, every bad item is named, nothing is produced. */
class CollectorValidationTest {

    private static final String GOOD = CollectorFixture.quoted("{'prompt': 'p', 'chosen': 'a', 'rejected': 'b'}");
    private static final String MISSING_REJECTED = CollectorFixture.quoted("{'prompt': 'p', 'chosen': 'a'}");
    private static final String BAD_VOTES = CollectorFixture.quoted(
            "{'prompt': 'p', 'chosen': 'a', 'rejected': 'b', 'votes': 0}");

    @Test
    void shouldNameBadItemByIndexAndFieldAndProduceNothing() throws Exception {
        try (CollectorFixture collector = CollectorFixture.start()) {
            final HttpResponse<String> response = collector.post("[" + GOOD + "," + MISSING_REJECTED + "," + GOOD
                    + "]");

            assertThat(response.statusCode()).isEqualTo(422);
            final JsonNode body = CollectorFixture.json(response);
            assertThat(body.path("error").asText()).isEqualTo("invalid_items");
            assertThat(body.path("rejected")).hasSize(1);
            final JsonNode item = body.path("rejected").get(0);
            assertThat(item.path("index").asInt()).isEqualTo(1);
            assertThat(item.path("reason").asText()).isEqualTo("MISSING_FIELD");
            assertThat(item.path("field").asText()).isEqualTo("rejected");
            assertThat(item.path("detail").asText()).isNotBlank().doesNotContain("http:");
            assertThat(collector.producer.history()).isEmpty();
        }
    }

    @Test
    void shouldListEveryBadItemOfBatch() throws Exception {
        try (CollectorFixture collector = CollectorFixture.start()) {
            final HttpResponse<String> response = collector.post("[" + MISSING_REJECTED + "," + GOOD + "," + BAD_VOTES
                    + ", \"not an object\"]");

            assertThat(response.statusCode()).isEqualTo(422);
            final JsonNode rejected = CollectorFixture.json(response).path("rejected");
            assertThat(rejected).extracting(node -> node.path("index").asInt()).containsExactly(0, 2, 3);
            assertThat(rejected).extracting(node -> node.path("reason").asText())
                    .containsExactly("MISSING_FIELD", "INVALID_VALUE", "NOT_AN_OBJECT");
            assertThat(rejected.get(1).path("field").asText()).isEqualTo("votes");
            assertThat(rejected.get(2).path("field").isNull()).isTrue();
            assertThat(collector.producer.history()).isEmpty();
        }
    }

    @Test
    void shouldRejectSingleInvalidObjectAsItemZero() throws Exception {
        try (CollectorFixture collector = CollectorFixture.start()) {
            final HttpResponse<String> response = collector.post(MISSING_REJECTED);

            assertThat(response.statusCode()).isEqualTo(422);
            final JsonNode item = CollectorFixture.json(response).path("rejected").get(0);
            assertThat(item.path("index").asInt()).isZero();
            assertThat(item.path("field").asText()).isEqualTo("rejected");
            assertThat(collector.producer.history()).isEmpty();
        }
    }

    @Test
    void shouldRejectItemWithDuplicateKeyAsTheStreamWould() throws Exception {
        try (CollectorFixture collector = CollectorFixture.start()) {
            final String duplicateKey = CollectorFixture.quoted(
                    "{'prompt': 'p', 'chosen': 'a', 'chosen': 'c', 'rejected': 'b'}");

            final HttpResponse<String> response = collector.post("[" + GOOD + "," + duplicateKey + "]");

            assertThat(response.statusCode()).isEqualTo(422);
            final JsonNode item = CollectorFixture.json(response).path("rejected").get(0);
            assertThat(item.path("index").asInt()).isEqualTo(1);
            assertThat(item.path("reason").asText()).isEqualTo("MALFORMED_JSON");
            assertThat(collector.producer.history()).isEmpty();
        }
    }
}

package io.prefstream.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.prefstream.ingest.format.JudgmentParser;
import io.prefstream.ingest.kafka.RawHeaders;

/** Valid batches reach the raw topic as submitted; Kafka failures become 503. */
class CollectorPublishTest {

    private static final String WITH_ID = CollectorFixture.quoted(
            "{'id': 'j-1', 'prompt': 'Capital of France?', 'chosen': 'Paris.', 'rejected': 'Lyon.'}");
    private static final String WITHOUT_ID = CollectorFixture.quoted(
            "{ 'prompt' : 'Two plus two?',\n  'chosen': 'Four.', 'rejected': 'Five.', 'annotator': 'a7' }");
    private static final String UUID_REF = "http:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final long ACK_WAIT_MS = 10_000;

    @Test
    void shouldProduceSingleJudgmentKeyedByItsId() throws Exception {
        try (CollectorFixture collector = CollectorFixture.start()) {
            final HttpResponse<String> response = collector.post(WITH_ID);

            assertThat(response.statusCode()).isEqualTo(200);
            final JsonNode body = CollectorFixture.json(response);
            assertThat(body.path("accepted").asInt()).isEqualTo(1);
            assertThat(body.path("items").get(0).path("index").asInt()).isZero();
            assertThat(body.path("items").get(0).path("record_ref").asText()).isEqualTo("http:j-1");
            assertThat(body.path("items").get(0).path("content_key").asText())
                    .isEqualTo(CollectorFixture.contentKeyOf(WITH_ID));

            final List<ProducerRecord<String, byte[]>> sent = collector.producer.history();
            assertThat(sent).hasSize(1);
            assertThat(sent.get(0).topic()).isEqualTo(CollectorFixture.TOPIC);
            assertThat(sent.get(0).key()).isEqualTo("http:j-1");
            assertThat(new String(sent.get(0).value(), StandardCharsets.UTF_8)).isEqualTo(WITH_ID);
            assertThat(RawHeaders.text(sent.get(0).headers(), RawHeaders.SOURCE, null)).isEqualTo("http");
            assertThat(sent.get(0).timestamp()).isPositive();
        }
    }

    @Test
    void shouldProduceBatchInOrderWithSubmittedBytes() throws Exception {
        try (CollectorFixture collector = CollectorFixture.start(CollectorFixture.config().withSource("tool-a"))) {
            final HttpResponse<String> response = collector.post("[\n  " + WITH_ID + " ,\n  " + WITHOUT_ID + "\n]");

            assertThat(response.statusCode()).isEqualTo(200);
            final JsonNode items = CollectorFixture.json(response).path("items");
            assertThat(CollectorFixture.json(response).path("accepted").asInt()).isEqualTo(2);
            assertThat(items.get(0).path("record_ref").asText()).isEqualTo("http:j-1");
            assertThat(items.get(1).path("index").asInt()).isEqualTo(1);
            assertThat(items.get(1).path("record_ref").asText()).matches(UUID_REF);
            assertThat(items.get(1).path("content_key").asText())
                    .isEqualTo(CollectorFixture.contentKeyOf(WITHOUT_ID));

            final List<ProducerRecord<String, byte[]>> sent = collector.producer.history();
            assertThat(sent).extracting(ProducerRecord::key)
                    .containsExactly("http:j-1", items.get(1).path("record_ref").asText());
            assertThat(sent).extracting(record -> new String(record.value(), StandardCharsets.UTF_8))
                    .containsExactly(WITH_ID, WITHOUT_ID);
            assertThat(sent).extracting(record -> RawHeaders.text(record.headers(), RawHeaders.SOURCE, null))
                    .containsOnly("tool-a");
        }
    }

    @Test
    void shouldAcceptRepeatedJudgmentBecauseDedupHappensDownstream() throws Exception {
        try (CollectorFixture collector = CollectorFixture.start()) {
            final HttpResponse<String> first = collector.post(WITH_ID);
            final HttpResponse<String> second = collector.post(WITH_ID);

            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(CollectorFixture.json(second).path("items").get(0).path("content_key").asText())
                    .isEqualTo(CollectorFixture.json(first).path("items").get(0).path("content_key").asText());
            assertThat(collector.producer.history()).hasSize(2);
        }
    }

    @Test
    void shouldReplyServiceUnavailableWhenSendFails() throws Exception {
        try (CollectorFixture collector = CollectorFixture.start()) {
            collector.producer.sendException = new KafkaException("broker-1:9092 unreachable");

            final HttpResponse<String> response = collector.post(WITH_ID);

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(CollectorFixture.json(response).path("error").asText()).isEqualTo("kafka_unavailable");
            assertThat(response.body()).doesNotContain("broker-1", "Exception", "at io.");
        }
    }

    @Test
    void shouldReplyServiceUnavailableWhenAcknowledgementFails() throws Exception {
        try (CollectorFixture collector = CollectorFixture.startWithManualAcks()) {
            final var reply = collector.postAsync("[" + WITH_ID + "," + WITHOUT_ID + "]");
            awaitSends(collector, 2);

            collector.producer.completeNext();
            collector.producer.errorNext(new KafkaException("not enough replicas"));

            final HttpResponse<String> response = reply.get();
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(CollectorFixture.json(response).path("error").asText()).isEqualTo("kafka_unavailable");
        }
    }

    @Test
    void shouldWaitForEveryAcknowledgementBeforeReplying() throws Exception {
        try (CollectorFixture collector = CollectorFixture.startWithManualAcks()) {
            final var reply = collector.postAsync("[" + WITH_ID + "," + WITHOUT_ID + "]");
            awaitSends(collector, 2);

            collector.producer.completeNext();
            assertThat(reply).isNotDone();
            collector.producer.completeNext();

            assertThat(reply.get().statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldCloseProducerWhenClosed() {
        final CollectorFixture collector = CollectorFixture.start();

        collector.close();

        assertThat(collector.producer.closed()).isTrue();
    }

    @Test
    void shouldCloseProducerWhenPortIsTaken() {
        try (CollectorFixture first = CollectorFixture.start()) {
            final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                    new ByteArraySerializer());
            final CollectorConfig samePort = CollectorFixture.config().withPort(first.server.port());

            assertThatThrownBy(() -> new CollectorServer(samePort, CollectorFixture.TOPIC, new JudgmentParser(),
                    HealthCheck.SERVER_ONLY, producer)).isInstanceOf(RuntimeException.class);
            assertThat(producer.closed()).isTrue();
        }
    }

    @Test
    void shouldBindAnyFreePortWhenAskedForPortZero() {
        try (CollectorFixture collector = CollectorFixture.start()) {
            assertThat(collector.server.port()).isPositive();
        }
    }

    private static void awaitSends(final CollectorFixture collector, final int count) throws InterruptedException {
        final long deadline = System.currentTimeMillis() + ACK_WAIT_MS;
        while (collector.producer.history().size() < count) {
            assertThat(System.currentTimeMillis()).as("sends seen by the producer in time").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}

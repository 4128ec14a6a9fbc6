package io.prefstream.ingest.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prefstream.ingest.format.JudgmentParser;
import io.prefstream.ingest.format.ParseResult;
import io.prefstream.ingest.metrics.CollectorMeters;

/** A collector on 127.0.0.1, any free port, over a {@link MockProducer}, plus an HTTP client to call it. */
final class CollectorFixture implements AutoCloseable {

    static final String TOKEN = "test-token-0123456789";
    static final String TOPIC = "prefs.raw.test";
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    final MockProducer<String, byte[]> producer;
    final CollectorServer server;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();

    private CollectorFixture(final CollectorConfig config, final boolean autoComplete, final HealthCheck health) {
        this(config, autoComplete, health, new CollectorMeters());
    }

    private CollectorFixture(final CollectorConfig config, final boolean autoComplete, final HealthCheck health,
            final CollectorMeters meters) {
        this.producer = new MockProducer<>(autoComplete, null, new StringSerializer(), new ByteArraySerializer());
        this.server = new CollectorServer(config, TOPIC, new JudgmentParser(), health, meters, producer);
    }

    /** Starts a collector with default limits whose producer acknowledges every send at once. */
    static CollectorFixture start() {
        return start(config());
    }

    /** Starts a collector with the given settings whose producer acknowledges every send at once. */
    static CollectorFixture start(final CollectorConfig config) {
        return new CollectorFixture(config, true, HealthCheck.SERVER_ONLY);
    }

    /** Starts a collector with default limits that counts into the given meters. */
    static CollectorFixture startWithMeters(final CollectorMeters meters) {
        return new CollectorFixture(config(), true, HealthCheck.SERVER_ONLY, meters);
    }

    /** Starts a collector with default limits whose health check is the one given. */
    static CollectorFixture startWithHealth(final HealthCheck health) {
        return new CollectorFixture(config(), true, health);
    }

    /** Starts a collector whose producer leaves every send pending until the test completes or fails it. */
    static CollectorFixture startWithManualAcks() {
        return new CollectorFixture(config(), false, HealthCheck.SERVER_ONLY);
    }

    /** The default test settings: loopback, any free port, the test token. */
    static CollectorConfig config() {
        return CollectorConfig.withToken(TOKEN).withPort(0);
    }

    /** Posts a body with the right token. */
    HttpResponse<String> post(final String body) throws IOException, InterruptedException {
        return send(judgments("Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Posts a body with the given Authorization header, or none when null. */
    HttpResponse<String> post(final String body, final String authorization)
            throws IOException, InterruptedException {
        return send(judgments(authorization).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Posts a body with the right token and no Content-Length, so it travels chunked. */
    HttpResponse<String> postChunked(final byte[] body) throws IOException, InterruptedException {
        return send(judgments("Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build());
    }

    /** Posts raw bytes with the right token and the given Content-Type and Content-Encoding, each left out when null. */
    HttpResponse<String> postDeclared(final byte[] body, final String contentType, final String contentEncoding)
            throws IOException, InterruptedException {
        final HttpRequest.Builder builder = HttpRequest.newBuilder(uri(CollectorServer.JUDGMENTS_PATH))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        if (contentEncoding != null) {
            builder.header("Content-Encoding", contentEncoding);
        }
        return send(builder.build());
    }

    /** Posts a body with the right token without waiting for the reply. */
    CompletableFuture<HttpResponse<String>> postAsync(final String body) {
        return client.sendAsync(judgments("Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Posts a body with each of the given Authorization headers, in order. */
    HttpResponse<String> postWithAuthorizations(final String body, final String... authorizations)
            throws IOException, InterruptedException {
        final HttpRequest.Builder builder = judgments(null);
        for (final String authorization : authorizations) {
            builder.header("Authorization", authorization);
        }
        return send(builder.POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Sends a GET to the given path, without a token. */
    HttpResponse<String> get(final String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).GET().build());
    }

    /** Parses a reply body. */
    static JsonNode json(final HttpResponse<String> response) throws IOException {
        return MAPPER.readTree(response.body());
    }

    /** The content key the parser computes for a judgment, to compare with what the collector reports. */
    static String contentKeyOf(final String judgment) {
        final ParseResult result = new JudgmentParser().parse(judgment.getBytes(StandardCharsets.UTF_8), "test",
                "test:1");
        return ((ParseResult.Accepted) result).record().getContentKey();
    }

    /** Writes JSON with ' in place of ", for readable test data. */
    static String quoted(final String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    @Override
    public void close() {
        server.close();
    }

    private HttpRequest.Builder judgments(final String authorization) {
        final HttpRequest.Builder builder = HttpRequest.newBuilder(uri(CollectorServer.JUDGMENTS_PATH))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json");
        return authorization == null ? builder : builder.header("Authorization", authorization);
    }

    private URI uri(final String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<String> send(final HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}

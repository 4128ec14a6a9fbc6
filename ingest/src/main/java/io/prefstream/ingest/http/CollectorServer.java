package io.prefstream.ingest.http;

import java.util.Objects;
import java.util.Optional;

import org.apache.kafka.clients.producer.Producer;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.Javalin;
import io.javalin.http.Header;
import io.javalin.http.HttpResponseException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import io.prefstream.ingest.app.IngestTopics;
import io.prefstream.ingest.app.KafkaSettings;
import io.prefstream.ingest.format.JudgmentParser;
import io.prefstream.ingest.format.ParserConfig;
import io.prefstream.ingest.metrics.CollectorMeters;

/**
 * HTTP collection endpoint for labelling tools (Javalin on Jetty): {@code POST /v1/judgments} takes one judgment
 * object or a JSON array of them, validates all with {@link JudgmentParser} and, when every item passes, produces
 * them to the raw topic and waits for Kafka's acknowledgements; {@code GET /healthz} answers without a token: 200
 * when the server is up and its {@link HealthCheck} finds nothing wrong, 503 with the problem otherwise.
 *
 * <p>Listens as soon as it is constructed. It owns its Kafka producer and Jetty threads; the caller must
 * {@link #close()} it, which stops the listener and then closes the producer. A command line starts it like this:
 *
 * <pre>{@code
 * String token = TokenFile.loadOrCreate(tokenPath);
 * CollectorConfig config = CollectorConfig.withToken(token).withHost(host).withPort(port);
 * try (CollectorServer server = new CollectorServer(config, kafka, IngestTopics.defaults(), parserConfig)) {
 *     // block until shutdown; server.port() is the bound port
 * }
 * }</pre>
 */
public final class CollectorServer implements AutoCloseable {

    /** Path of the collection endpoint. */
    public static final String JUDGMENTS_PATH = "/v1/judgments";
    /** Path of the health check. */
    public static final String HEALTH_PATH = "/healthz";

    /** Jetty threads: each request waits for Kafka on one, so this also caps batches in flight. */
    private static final int MAX_THREADS = 32;
    private static final int MIN_THREADS = 4;
    private static final int THREAD_IDLE_MS = 60_000;
    private static final int NOT_FOUND = 404;
    private static final int METHOD_NOT_ALLOWED = 405;
    private static final int SERVER_ERROR = 500;
    private static final int UNAVAILABLE = 503;
    private static final int REQUEST_TIMEOUT = 408;
    /**
     * Slowest request body accepted, in bytes per second, measured from its first byte: a client
     * that trickles a body in holds one of the {@value #MAX_THREADS} threads, so a few dozen such
     * clients would stall every other one. Any real network sends an 8 MiB batch faster.
     */
    static final long MIN_BODY_BYTES_PER_SECOND = 1024;
    /** Longest wait for the next bytes of a request before the connection is closed. */
    static final long IDLE_TIMEOUT_MS = 30_000;

    private static final Logger LOG = LoggerFactory.getLogger(CollectorServer.class);

    private final CollectorConfig config;
    private final RawPublisher publisher;
    private final Javalin app;

    /**
     * Starts a collector that produces to a Kafka cluster, whose health check says only whether it answers.
     *
     * @param config       listener, token and limits
     * @param kafka        cluster connection; the collector creates its own idempotent producer (acks=all)
     * @param topics       topic names; only {@link IngestTopics#raw()} is written
     * @param parserConfig validation settings; use the ones the ingest stream runs with, so that what the collector
     *                     accepts the stream accepts too
     * @throws org.apache.kafka.common.KafkaException when the producer settings are invalid
     * @throws io.javalin.util.JavalinBindException    when the port cannot be bound; the producer is closed again
     */
    public CollectorServer(final CollectorConfig config, final KafkaSettings kafka, final IngestTopics topics,
            final ParserConfig parserConfig) {
        this(config, kafka, topics, parserConfig, HealthCheck.SERVER_ONLY);
    }

    /**
     * Starts a collector that produces to a Kafka cluster.
     *
     * @param config       listener, token and limits
     * @param kafka        cluster connection; the collector creates its own idempotent producer (acks=all)
     * @param topics       topic names; only {@link IngestTopics#raw()} is written
     * @param parserConfig validation settings; use the ones the ingest stream runs with, so that what the collector
     *                     accepts the stream accepts too
     * @param health       what {@code GET /healthz} checks besides the server answering
     * @throws org.apache.kafka.common.KafkaException when the producer settings are invalid
     * @throws io.javalin.util.JavalinBindException    when the port cannot be bound; the producer is closed again
     */
    public CollectorServer(final CollectorConfig config, final KafkaSettings kafka, final IngestTopics topics,
            final ParserConfig parserConfig, final HealthCheck health) {
        // A composite registry with no members is Micrometer's no-op registry.
        this(config, kafka, topics, parserConfig, health, new CompositeMeterRegistry());
    }

    /**
     * Starts a collector that produces to a Kafka cluster and binds its meters (requests by outcome, their
     * durations, judgments written) to a registry.
     *
     * @param config       listener, token and limits
     * @param kafka        cluster connection; the collector creates its own idempotent producer (acks=all)
     * @param topics       topic names; only {@link IngestTopics#raw()} is written
     * @param parserConfig validation settings; use the ones the ingest stream runs with, so that what the collector
     *                     accepts the stream accepts too
     * @param health       what {@code GET /healthz} checks besides the server answering
     * @param registry     where the meters go; one collector per registry
     * @throws org.apache.kafka.common.KafkaException when the producer settings are invalid
     * @throws io.javalin.util.JavalinBindException    when the port cannot be bound; the producer is closed again
     */
    public CollectorServer(final CollectorConfig config, final KafkaSettings kafka, final IngestTopics topics,
            final ParserConfig parserConfig, final HealthCheck health, final MeterRegistry registry) {
        // The producer is created last, so a bad argument cannot leave it open.
        this(Objects.requireNonNull(config, "config"), topics.raw(), new JudgmentParser(parserConfig),
                Objects.requireNonNull(health, "health"), bound(new CollectorMeters(), registry),
                RawPublisher.newProducer(Objects.requireNonNull(kafka, "kafka")));
    }

    /** Starts a collector on the given producer, which it then owns; the seam for tests with a mock producer. */
    CollectorServer(final CollectorConfig config, final String rawTopic, final JudgmentParser parser,
            final HealthCheck health, final Producer<String, byte[]> producer) {
        this(config, rawTopic, parser, health, new CollectorMeters(), producer);
    }

    /** Starts a collector on the given producer, which it then owns, counting into the given meters. */
    CollectorServer(final CollectorConfig config, final String rawTopic, final JudgmentParser parser,
            final HealthCheck health, final CollectorMeters meters, final Producer<String, byte[]> producer) {
        this.config = Objects.requireNonNull(config, "config");
        this.publisher = new RawPublisher(producer, rawTopic, config.source());
        try {
            this.app = createApp(config, parser, health, meters, publisher).start(config.host(), config.port());
        } catch (RuntimeException e) {
            publisher.close();
            throw e;
        }
        LOG.info("collector listening on {}:{} for source {}, raw topic {}, max {} items / {} bytes per batch, {} "
                + "judgments/s (0: no limit)", config.host(), port(), config.source(), rawTopic, config.maxBatchSize(),
                config.maxBodyBytes(), config.maxJudgmentsPerSecond());
        if (!config.isLoopback()) {
            LOG.warn("collector on {}:{} speaks plain HTTP and the bearer token crosses the network in clear; "
                    + "put a TLS-terminating proxy in front", config.host(), port());
        }
    }

    /** Returns the port the server is bound to; the actual one when the config asked for port 0. */
    public int port() {
        return app.port();
    }

    /** Returns the settings. */
    public CollectorConfig config() {
        return config;
    }

    /** Stops accepting requests, then closes the producer. */
    @Override
    public void close() {
        final int port = port();
        try {
            app.stop();
        } finally {
            publisher.close();
        }
        LOG.info("collector on port {} stopped", port);
    }

    private static CollectorMeters bound(final CollectorMeters meters, final MeterRegistry registry) {
        meters.bindTo(Objects.requireNonNull(registry, "registry"));
        return meters;
    }

    private static Javalin createApp(final CollectorConfig config, final JudgmentParser parser,
            final HealthCheck health, final CollectorMeters meters, final RawPublisher publisher) {
        final Replies replies = new Replies();
        final JudgmentsHandler judgments = new JudgmentsHandler(new BearerAuth(config.token()),
                new BodyReader(config.maxBodyBytes()), new BatchSplitter(new ObjectMapper(), config.maxBatchSize()),
                JudgmentRateLimit.of(config), new BatchValidator(parser, config.source()), publisher, replies, meters);
        final Javalin app = Javalin.create(javalin -> {
            javalin.showJavalinBanner = false;
            javalin.http.maxRequestSize = config.maxBodyBytes();
            javalin.http.prefer405over404 = true;
            final QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS, THREAD_IDLE_MS);
            threads.setName("collector-http");
            javalin.jetty.threadPool = threads;
            javalin.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setMinRequestDataRate(MIN_BODY_BYTES_PER_SECOND);
                http.setIdleTimeout(IDLE_TIMEOUT_MS);
            });
        });
        app.get(HEALTH_PATH, ctx -> {
            final Optional<String> problem = health.problem();
            if (problem.isPresent()) {
                replies.send(ctx, UNAVAILABLE, new Replies.HealthBody("unavailable", problem.get()));
            } else {
                replies.send(ctx, JudgmentsHandler.OK, new Replies.HealthBody("ok", null));
            }
        });
        app.post(JUDGMENTS_PATH, judgments);
        // Javalin answers unmatched routes in plain text without passing through exception handlers.
        app.error(NOT_FOUND, ctx -> replies.error(ctx, NOT_FOUND, "http_404", "no such endpoint: " + ctx.path()));
        app.error(METHOD_NOT_ALLOWED, ctx -> {
            // RFC 9110 asks a 405 to list the methods the resource does allow.
            ctx.header(Header.ALLOW, JUDGMENTS_PATH.equals(ctx.path()) ? "POST" : "GET, HEAD");
            replies.error(ctx, METHOD_NOT_ALLOWED, "http_405", ctx.method() + " is not allowed on " + ctx.path());
        });
        // Jetty's own refusals while reading a body: a body slower than the minimum rate (408), a bad chunk (400).
        app.exception(BadMessageException.class, (e, ctx) -> {
            LOG.warn("{} {} from {} refused while reading: {} {}", ctx.method(), ctx.path(), ctx.ip(), e.getCode(),
                    e.getReason());
            if (JUDGMENTS_PATH.equals(ctx.path())) {
                meters.refusedWhileReading(e.getCode());
            }
            replies.error(ctx, e.getCode(), "http_" + e.getCode(), e.getCode() == REQUEST_TIMEOUT
                    ? "the request body arrived slower than " + MIN_BODY_BYTES_PER_SECOND + " bytes/s"
                    : "the request could not be read: " + e.getReason());
        });
        app.exception(Exception.class, (e, ctx) -> {
            if (e instanceof HttpResponseException response) {
                replies.error(ctx, response.getStatus(), "http_" + response.getStatus(), response.getMessage());
                return;
            }
            LOG.error("{} {} failed unexpectedly; replying 500", ctx.method(), ctx.path(), e);
            replies.error(ctx, SERVER_ERROR, "internal_error", "the collector failed to handle the request");
        });
        return app;
    }
}

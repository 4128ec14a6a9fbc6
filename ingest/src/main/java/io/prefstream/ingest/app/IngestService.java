package io.prefstream.ingest.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import io.prefstream.ingest.dedup.IdCollisionPolicy;
import io.prefstream.ingest.format.JudgmentParser;
import io.prefstream.ingest.format.ParserConfig;
import io.prefstream.ingest.metrics.FailureCounter;
import io.prefstream.ingest.metrics.IngestMeters;
import io.prefstream.ingest.topology.IngestTopology;

/**
 * Runs the ingest topology with exactly-once processing (EOS v2). The caller owns the
 * service and must {@link #close()} it; closing waits for in-flight transactions to finish.
 */
public final class IngestService implements AutoCloseable {

    /** Default Kafka Streams application id (also the consumer group id). */
    public static final String DEFAULT_APPLICATION_ID = "prefstream-ingest";

    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    // Under exactly-once a record's outcome becomes visible only when the transaction that wrote it
    // commits, and each record passes two (raw to repartition, repartition to outcome): an idle
    // round trip takes about 0.45 s at 200 ms. Longer intervals amortise each commit over more
    // records but add their length twice to that latency (1,000 ms: about 2.1 s).
    private static final long COMMIT_INTERVAL_MS = 200;
    private static final int PRODUCER_BATCH_BYTES = 256 * 1024;

    // One stream thread. Before the per-record work of the parser and dedup was cut, a profile
    // showed the one thread running only about a third of the time, and two threads were faster;
    // after it, one thread ingested 18,800 and 19,500 records/s at 100,000 records against 15,600
    // and 12,300 for two, in alternating runs on a machine shared with other work (the two cores
    // were saturated either way, and each thread has a transactional producer of its own that the
    // broker commits every interval).
    private static final int STREAM_THREADS = 1;
    // Closing leaves the consumer group. Kafka Streams otherwise keeps a closed member in the group
    // until its session times out: a restarted instance then waits for it, and with more than one
    // thread a thread closed while a sibling's JoinGroup waited for it to rejoin held its
    // consumer's close open for the full default 30 s, past CLOSE_TIMEOUT, leaving the state
    // directory locked for a restart in the same process. Leaving ends such a join at once.
    private static final CloseOptions CLOSE = CloseOptions
            .groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(CLOSE_TIMEOUT);

    private final KafkaStreams streams;
    private final String applicationId;

    /**
     * Creates (but does not start) the service, with meters that nobody reads.
     *
     * @param kafka cluster connection
     * @param topics topic names
     * @param parserConfig validation settings
     * @param applicationId Kafka Streams application id, default {@value #DEFAULT_APPLICATION_ID}
     * @param stateDir directory for the dedup state store
     */
    public IngestService(KafkaSettings kafka, IngestTopics topics, ParserConfig parserConfig, String applicationId,
            Path stateDir) {
        // A composite registry with no members is Micrometer's no-op registry.
        this(kafka, topics, parserConfig, applicationId, stateDir, new CompositeMeterRegistry());
    }

    /**
     * Creates (but does not start) the service and binds its domain meters (record outcomes, dedup
     * store size, stream-thread failures) to a registry. Kafka's own client metrics are bound by the
     * caller through {@link #streams()}.
     *
     * @param kafka cluster connection
     * @param topics topic names
     * @param parserConfig validation settings
     * @param applicationId Kafka Streams application id, default {@value #DEFAULT_APPLICATION_ID}
     * @param stateDir directory for the dedup state store
     * @param registry where the meters go; one service per registry
     */
    public IngestService(KafkaSettings kafka, IngestTopics topics, ParserConfig parserConfig, String applicationId,
            Path stateDir, MeterRegistry registry) {
        this(kafka, topics, parserConfig, IdCollisionPolicy.DEFAULT, applicationId, stateDir, registry);
    }

    /**
     * Creates (but does not start) the service with an id-collision policy and binds its domain meters
     * to a registry, as {@link #IngestService(KafkaSettings, IngestTopics, ParserConfig, String, Path,
     * MeterRegistry)} does. Every instance with one application id must use the same policy.
     *
     * @param kafka cluster connection
     * @param topics topic names
     * @param parserConfig validation settings
     * @param idCollision what to do with a record whose id names other content; default
     *        {@link IdCollisionPolicy#KEEP}
     * @param applicationId Kafka Streams application id, default {@value #DEFAULT_APPLICATION_ID}
     * @param stateDir directory for the dedup state stores
     * @param registry where the meters go; one service per registry
     */
    public IngestService(KafkaSettings kafka, IngestTopics topics, ParserConfig parserConfig,
            IdCollisionPolicy idCollision, String applicationId, Path stateDir, MeterRegistry registry) {
        this.applicationId = applicationId;
        FailureCounter threadFailures = new FailureCounter(IngestMeters.STAGE_STREAM);
        threadFailures.bindTo(registry);
        Topology topology = IngestTopology.build(topics, new JudgmentParser(parserConfig), idCollision, registry);
        this.streams = new KafkaStreams(topology, kafka.properties(streamsSettings(applicationId, stateDir)));
        streams.setUncaughtExceptionHandler(e -> {
            threadFailures.increment();
            LOG.error("ingest {} stream thread failed; replacing the thread", applicationId, e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> LOG.info("ingest {} state {} -> {}", applicationId, before, now));
    }

    /**
     * Returns the Kafka Streams settings the service runs with (exactly-once v2, its commit interval,
     * one stream thread, lz4-compressed producer batches), less the connection settings. Public so
     * that a benchmark can run another topology under exactly the same settings.
     *
     * @param applicationId Kafka Streams application id
     * @param stateDir directory for state stores
     * @return the settings, to be merged into the connection's properties
     */
    public static Map<String, Object> streamsSettings(String applicationId, Path stateDir) {
        return Map.ofEntries(
                Map.entry(StreamsConfig.APPLICATION_ID_CONFIG, applicationId),
                Map.entry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2),
                Map.entry(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString()),
                Map.entry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS),
                Map.entry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, STREAM_THREADS),
                Map.entry("processing.exception.handler.global.enabled", true),
                Map.entry(StreamsConfig.topicPrefix("min.insync.replicas"), "1"),
                Map.entry(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest"),
                Map.entry(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), 4 * 1024 * 1024),
                // Judgments are 1-2 KB of text: larger, compressed batches cut the per-batch work of
                // every transaction in the producer and the broker.
                Map.entry(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_BYTES),
                Map.entry(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4"));
    }

    /** Starts processing in background threads. */
    public void start() {
        streams.start();
    }

    /** Returns the current Kafka Streams state. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Returns the underlying streams instance, for metrics binding. */
    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public void close() {
        long started = System.nanoTime();
        if (streams.close(CLOSE)) {
            LOG.info("ingest {} closed in {} ms", applicationId, (System.nanoTime() - started) / 1_000_000);
        } else {
            LOG.warn("ingest {} did not close within {} s", applicationId, CLOSE_TIMEOUT.toSeconds());
        }
    }
}

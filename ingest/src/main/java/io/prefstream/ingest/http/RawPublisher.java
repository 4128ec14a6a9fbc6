package io.prefstream.ingest.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.prefstream.ingest.app.KafkaSettings;
import io.prefstream.ingest.kafka.RawHeaders;

/**
 * Produces validated items to the raw topic the way {@code FileImporter} does (key = record reference, value = the
 * judgment's bytes, source header; idempotent producer, acks=all) and waits for every acknowledgement. Owns the
 * producer and closes it in {@link #close()}. Safe to share between request threads, as the producer is.
 */
final class RawPublisher implements AutoCloseable {

    /** Upper bound on how long one batch waits for Kafka, send and retries included. */
    static final int DELIVERY_TIMEOUT_MS = 30_000;
    /** How long {@code send} may block on metadata or a full buffer before the batch fails. */
    static final int MAX_BLOCK_MS = 10_000;
    /** Request timeout; with linger it must fit inside the delivery timeout. */
    static final int REQUEST_TIMEOUT_MS = 15_000;
    /** Linger: short, because a client is waiting for the reply. */
    static final int LINGER_MS = 5;
    /** Extra wait on each acknowledgement beyond the delivery timeout, in case a future is never completed. */
    private static final long ACK_GRACE_MS = 5_000;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final byte[] source;

    RawPublisher(final Producer<String, byte[]> producer, final String topic, final String source) {
        this.producer = producer;
        this.topic = topic;
        this.source = source.getBytes(StandardCharsets.UTF_8);
    }

    /** Creates a Kafka producer for the raw topic with the collector's settings. */
    static Producer<String, byte[]> newProducer(final KafkaSettings kafka) {
        final Properties properties = kafka.properties(Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, LINGER_MS,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.CLIENT_ID_CONFIG, "prefstream-collector"));
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Sends every item and returns once Kafka has acknowledged all of them.
     *
     * @param items            the validated batch
     * @param receivedAtMillis timestamp of every message: when the batch arrived
     * @throws PublishFailure when any item was not acknowledged; others of the batch may have been written
     */
    void publish(final List<ValidItem> items, final long receivedAtMillis) throws PublishFailure {
        final List<Future<RecordMetadata>> acks = new ArrayList<>(items.size());
        try {
            for (final ValidItem item : items) {
                final ProducerRecord<String, byte[]> message =
                        new ProducerRecord<>(topic, null, receivedAtMillis, item.recordRef(), item.bytes());
                message.headers().add(RawHeaders.SOURCE, source);
                acks.add(producer.send(message));
            }
            for (final Future<RecordMetadata> ack : acks) {
                ack.get(DELIVERY_TIMEOUT_MS + ACK_GRACE_MS, TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException e) {
            throw new PublishFailure("Kafka rejected a message for " + topic, e.getCause());
        } catch (TimeoutException e) {
            throw new PublishFailure("Kafka did not acknowledge a message for " + topic + " in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailure("interrupted while waiting for Kafka on " + topic, e);
        } catch (RuntimeException e) {
            // send() throws synchronously for a closed producer, a metadata timeout and the like.
            throw new PublishFailure("could not send to " + topic, e);
        }
    }

    /** Closes the producer, waiting a bounded time for messages in flight. */
    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }
}

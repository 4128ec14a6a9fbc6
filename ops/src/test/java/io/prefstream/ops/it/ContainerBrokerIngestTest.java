package io.prefstream.ops.it;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same ingest scenarios on a Kafka broker in a container. Runs where a Docker engine is
 * available; elsewhere JUnit reports every test here as skipped.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerBrokerIngestTest extends IngestScenarios {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka-native:4.0.0");

    @Override
    String bootstrapServers() {
        return KAFKA.getBootstrapServers();
    }
}

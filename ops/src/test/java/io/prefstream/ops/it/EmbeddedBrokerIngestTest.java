package io.prefstream.ops.it;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import io.prefstream.ops.broker.EmbeddedKafka;

/** The ingest scenarios on the embedded KRaft broker; runs on every machine, CI included. */
class EmbeddedBrokerIngestTest extends IngestScenarios {

    @TempDir
    static Path brokerDir;

    private static EmbeddedKafka broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafka.start(brokerDir, 3);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Override
    String bootstrapServers() {
        return broker.bootstrapServers();
    }
}

package io.prefstream.ingest.topology;

import java.nio.file.Path;
import java.util.Properties;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

import io.prefstream.ingest.app.IngestTopics;
import io.prefstream.schemas.serde.AvroSerdes;
import io.prefstream.schemas.v1.DeadLetter;
import io.prefstream.schemas.v1.PreferenceRecord;

/**
 * An ingest topology under Kafka Streams' test driver with exactly-once processing, and its raw
 * input and three outcome topics.
 *
 * @param driver the driver; close it, or this, after the test
 * @param raw the raw topic
 * @param accepted the accepted topic
 * @param duplicates the duplicates topic
 * @param deadLetters the dead-letter topic
 */
public record TopologyDriver(TopologyTestDriver driver, TestInputTopic<byte[], byte[]> raw,
        TestOutputTopic<String, PreferenceRecord> accepted, TestOutputTopic<String, PreferenceRecord> duplicates,
        TestOutputTopic<String, DeadLetter> deadLetters) implements AutoCloseable {

    /** Starts the topology, keeping its state stores under {@code stateDir}. */
    public static TopologyDriver start(Topology topology, IngestTopics topics, String applicationId, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        TopologyTestDriver driver = new TopologyTestDriver(topology, props);
        return new TopologyDriver(driver,
                driver.createInputTopic(topics.raw(), new ByteArraySerializer(), new ByteArraySerializer()),
                driver.createOutputTopic(topics.accepted(), Serdes.String().deserializer(),
                        AvroSerdes.preferenceRecord().deserializer()),
                driver.createOutputTopic(topics.duplicates(), Serdes.String().deserializer(),
                        AvroSerdes.preferenceRecord().deserializer()),
                driver.createOutputTopic(topics.deadLetter(), Serdes.String().deserializer(),
                        AvroSerdes.deadLetter().deserializer()));
    }

    @Override
    public void close() {
        driver.close();
    }
}

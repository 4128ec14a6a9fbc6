package io.prefstream.ingest.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prefstream.ingest.app.IngestTopics;
import io.prefstream.ingest.format.JudgmentParser;
import io.prefstream.ingest.format.ParserConfig;
import io.prefstream.ingest.format.RejectReason;
import io.prefstream.ingest.kafka.RawHeaders;
import io.prefstream.ingest.topology.IngestTopology;

class TopologyMetersTest {

    private static final IngestTopics TOPICS = IngestTopics.defaults();
    private static final String PAIR =
            "{\"prompt\":\"Capital of France?\",\"chosen\":\"Paris.\",\"rejected\":\"Lyon.\"}";
    private static final String OTHER_PAIR = "{\"prompt\":\"2+2?\",\"chosen\":\"4\",\"rejected\":\"5\"}";

    @TempDir
    Path stateDir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> raw;

    @BeforeEach
    void startDriver() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "meters-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(
                IngestTopology.build(TOPICS, new JudgmentParser(ParserConfig.defaults()), registry), props);
        raw = driver.createInputTopic(TOPICS.raw(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldCountAcceptedDuplicateAndDeadLetteredRecordsByReason() {
        send("t.jsonl:1", PAIR);
        send("t.jsonl:2", PAIR);
        send("t.jsonl:3", OTHER_PAIR);
        send("t.jsonl:4", PAIR);
        send("t.jsonl:5", "{\"prompt\":\"p\",\"chosen\":\"  \",\"rejected\":\"b\"}");
        send("t.jsonl:6", "{\"prompt\":");
        send("t.jsonl:7", null);

        assertThat(records(IngestMeters.ACCEPTED, IngestMeters.NO_REASON)).isEqualTo(2);
        assertThat(records(IngestMeters.DUPLICATE, IngestMeters.NO_REASON)).isEqualTo(2);
        assertThat(records(IngestMeters.DEAD_LETTERED, RejectReason.EMPTY_RESPONSE.name())).isEqualTo(1);
        assertThat(records(IngestMeters.DEAD_LETTERED, RejectReason.MALFORMED_JSON.name())).isEqualTo(1);
        assertThat(records(IngestMeters.DEAD_LETTERED, RejectReason.NOT_AN_OBJECT.name())).isEqualTo(1);
        assertThat(records(IngestMeters.DEAD_LETTERED, RejectReason.TIE.name())).isZero();
    }

    @Test
    void shouldRegisterOneSeriesPerOutcomeAndReasonBeforeAnyRecord() {
        assertThat(registry.find(IngestMeters.RECORDS).functionCounters())
                .as("accepted, duplicate, vote_added, conflict, and one per reject reason")
                .hasSize(4 + RejectReason.values().length)
                .allSatisfy(counter -> assertThat(counter.getId().getBaseUnit()).isEqualTo("records"));
    }

    @Test
    void shouldTrackDedupStoreEntriesAsDistinctPairsAccepted() {
        send("t.jsonl:1", PAIR);
        send("t.jsonl:2", PAIR);
        send("t.jsonl:3", OTHER_PAIR);

        assertThat(registry.get(IngestMeters.DEDUP_STORE_ENTRIES).gauge().value()).isEqualTo(2.0);
    }

    private double records(String outcome, String reason) {
        return registry.get(IngestMeters.RECORDS)
                .tags(IngestMeters.OUTCOME, outcome, IngestMeters.REASON, reason)
                .functionCounter().count();
    }

    private void send(String recordRef, String json) {
        TestRecord<byte[], byte[]> record = new TestRecord<>(recordRef.getBytes(StandardCharsets.UTF_8),
                json == null ? null : json.getBytes(StandardCharsets.UTF_8));
        record.headers().add(RawHeaders.SOURCE, "t.jsonl".getBytes(StandardCharsets.UTF_8));
        raw.pipeInput(record);
    }
}

package io.prefstream.ingest.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.prefstream.ingest.app.IngestTopics;
import io.prefstream.ingest.dedup.DedupProcessor;
import io.prefstream.ingest.format.JudgmentParser;
import io.prefstream.ingest.format.ParserConfig;
import io.prefstream.ingest.kafka.RawHeaders;
import io.prefstream.schemas.serde.AvroSerde;
import io.prefstream.schemas.serde.AvroSerdes;
import io.prefstream.schemas.v1.DeadLetter;
import io.prefstream.schemas.v1.PreferenceRecord;

class IngestTopologyTest {

    private static final IngestTopics TOPICS = IngestTopics.defaults();

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> raw;
    private TestOutputTopic<String, PreferenceRecord> accepted;
    private TestOutputTopic<String, PreferenceRecord> duplicates;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeEach
    void startDriver() {
        TopologyDriver started = TopologyDriver.start(
                IngestTopology.build(TOPICS, new JudgmentParser(ParserConfig.defaults())), TOPICS, "topology-test",
                stateDir);
        driver = started.driver();
        raw = started.raw();
        accepted = started.accepted();
        duplicates = started.duplicates();
        deadLetters = started.deadLetters();
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private void send(String recordRef, String json) {
        TestRecord<byte[], byte[]> record = new TestRecord<>(recordRef.getBytes(StandardCharsets.UTF_8),
                json == null ? null : json.getBytes(StandardCharsets.UTF_8));
        record.headers().add(RawHeaders.SOURCE, "test.jsonl".getBytes(StandardCharsets.UTF_8));
        raw.pipeInput(record);
    }

    @Test
    void shouldAcceptFirstCopyAndRouteRepeatsToDuplicates() {
        String pair = "{\"prompt\":\"Capital of France?\",\"chosen\":\"Paris.\",\"rejected\":\"Lyon.\"}";
        String sameWithCrlfAndTrailingSpace = "{\"prompt\":\"Capital of France?  \",\"chosen\":\"Paris.\\r\\n\","
                + "\"rejected\":\"Lyon.\"}";

        send("test.jsonl:1", pair);
        send("test.jsonl:2", pair);
        send("test.jsonl:3", sameWithCrlfAndTrailingSpace);

        List<PreferenceRecord> kept = accepted.readValuesToList();
        assertThat(kept).hasSize(1);
        assertThat(kept.get(0).getId()).isEqualTo("test.jsonl:1");
        assertThat(kept.get(0).getSource()).isEqualTo("test.jsonl");
        assertThat(duplicates.readValuesToList()).extracting(PreferenceRecord::getId)
                .containsExactly("test.jsonl:2", "test.jsonl:3");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldKeyAcceptedRecordsByContentKey() {
        send("test.jsonl:1", "{\"prompt\":\"p\",\"chosen\":\"a\",\"rejected\":\"b\"}");

        var record = accepted.readRecord();

        assertThat(record.key()).isEqualTo(record.value().getContentKey()).hasSize(64);
    }

    @Test
    void shouldDeadLetterInvalidRecordWithReasonFieldAndSourcePosition() {
        send("test.jsonl:7", "{\"prompt\":\"p\",\"chosen\":\"   \",\"rejected\":\"b\"}");

        var letter = deadLetters.readRecord();

        assertThat(letter.key()).isEqualTo("test.jsonl:7");
        assertThat(letter.value().getReason()).isEqualTo("EMPTY_RESPONSE");
        assertThat(letter.value().getField()).isEqualTo("chosen");
        assertThat(letter.value().getDetail()).contains("test.jsonl:7").contains("chosen");
        assertThat(letter.value().getSourceTopic()).isEqualTo(TOPICS.raw());
        assertThat(letter.value().getSourceOffset()).isZero();
        assertThat(StandardCharsets.UTF_8.decode(letter.value().getOriginal()).toString()).contains("\"rejected\"");
        assertThat(accepted.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterNullValueInsteadOfFailing() {
        send("test.jsonl:1", null);
        send("test.jsonl:2", "{\"prompt\":\"p\",\"chosen\":\"a\",\"rejected\":\"b\"}");

        assertThat(deadLetters.readValue().getReason()).isEqualTo("NOT_AN_OBJECT");
        assertThat(accepted.readValuesToList()).hasSize(1);
    }

    private static String header(TestRecord<String, PreferenceRecord> record) {
        return new String(record.headers().lastHeader(DedupProcessor.OUTCOME_HEADER).value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldAddVoteWhenAnotherAnnotatorJudgesTheSamePair() {
        send("test.jsonl:1", "{\"prompt\":\"p\",\"chosen\":\"a\",\"rejected\":\"b\",\"annotator_id\":\"ann-1\"}");
        send("test.jsonl:2", "{\"prompt\":\"p\",\"chosen\":\"a\",\"rejected\":\"b\",\"annotator_id\":\"ann-2\"}");
        send("test.jsonl:3", "{\"prompt\":\"p\",\"chosen\":\"a\",\"rejected\":\"b\",\"annotator_id\":\"ann-2\"}");

        List<TestRecord<String, PreferenceRecord>> rows = accepted.readRecordsToList();

        assertThat(rows).extracting(IngestTopologyTest::header).containsExactly("first", "vote");
        assertThat(rows.get(1).value().getId()).as("a vote names the kept record").isEqualTo("test.jsonl:1");
        assertThat(rows.get(1).value().getVotes()).isEqualTo(2);
        assertThat(duplicates.readValuesToList()).extracting(PreferenceRecord::getId).containsExactly("test.jsonl:3");
    }

    @Test
    void shouldMarkReverseJudgmentAsConflictOnTheSamePairKey() {
        send("test.jsonl:1", "{\"prompt\":\"p\",\"chosen\":\"a\",\"rejected\":\"b\",\"annotator_id\":\"ann-1\"}");
        send("test.jsonl:2", "{\"prompt\":\"p\",\"chosen\":\"b\",\"rejected\":\"a\",\"annotator_id\":\"ann-2\"}");

        List<TestRecord<String, PreferenceRecord>> rows = accepted.readRecordsToList();

        assertThat(rows).extracting(IngestTopologyTest::header).containsExactly("first", "conflict");
        assertThat(rows.get(0).value().getPairKey()).isEqualTo(rows.get(1).value().getPairKey());
        assertThat(rows.get(0).value().getContentKey()).isNotEqualTo(rows.get(1).value().getContentKey());
    }

    @Test
    void shouldTreatRepeatWithNewIdFromSameSourceAsDuplicate() {
        send("test.jsonl:1", "{\"id\":\"r-001\",\"prompt\":\"p\",\"chosen\":\"a\",\"rejected\":\"b\"}");
        send("test.jsonl:2", "{\"id\":\"r-004\",\"prompt\":\"p\",\"chosen\":\"a\",\"rejected\":\"b\"}");

        assertThat(accepted.readValuesToList()).hasSize(1);
        assertThat(duplicates.readValuesToList()).extracting(PreferenceRecord::getId).containsExactly("r-004");
    }

    @Test
    void shouldWriteEveryOutcomeInThePlainAvroEncodingOfItsRecord() {
        // Set-up: read the outcome topics as bytes, to see what the topology itself wrote.
        TestOutputTopic<String, byte[]> acceptedBytes = driver.createOutputTopic(TOPICS.accepted(),
                Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
        TestOutputTopic<String, byte[]> duplicateBytes = driver.createOutputTopic(TOPICS.duplicates(),
                Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
        AvroSerde<PreferenceRecord> avro = AvroSerdes.preferenceRecord();

        // Act: a first row, a vote (a re-encoded row) and a duplicate.
        send("test.jsonl:1", "{\"prompt\":\"p\",\"chosen\":\"a\",\"rejected\":\"b\",\"annotator_id\":\"ann-1\"}");
        send("test.jsonl:2", "{\"prompt\":\"p\",\"chosen\":\"a\",\"rejected\":\"b\",\"annotator_id\":\"ann-2\"}");
        send("test.jsonl:3", "{\"prompt\":\"p\",\"chosen\":\"a\",\"rejected\":\"b\",\"annotator_id\":\"ann-2\"}");

        // Verify: each message is exactly the encoding of the record it decodes to.
        List<byte[]> messages = new java.util.ArrayList<>(acceptedBytes.readValuesToList());
        messages.addAll(duplicateBytes.readValuesToList());
        assertThat(messages).hasSize(3);
        for (byte[] message : messages) {
            assertThat(avro.encode(avro.decode(TOPICS.accepted(), message))).isEqualTo(message);
        }
        assertThat(avro.decode(TOPICS.accepted(), messages.get(1)).getVotes()).isEqualTo(2);
    }
}

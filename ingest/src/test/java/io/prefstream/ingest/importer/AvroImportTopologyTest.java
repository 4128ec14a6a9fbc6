package io.prefstream.ingest.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.prefstream.ingest.app.IngestTopics;
import io.prefstream.ingest.format.JudgmentParser;
import io.prefstream.ingest.format.ParserConfig;
import io.prefstream.ingest.kafka.RawHeaders;
import io.prefstream.ingest.topology.IngestTopology;
import io.prefstream.ingest.topology.TopologyDriver;
import io.prefstream.schemas.v1.DeadLetter;
import io.prefstream.schemas.v1.PreferenceRecord;

/** Avro import files through the ingest topology: judged like JSON, and repeats found as duplicates. */
class AvroImportTopologyTest {

    private static final IngestTopics TOPICS = IngestTopics.defaults();

    @TempDir
    Path dir;

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> raw;
    private TestOutputTopic<String, PreferenceRecord> accepted;
    private TestOutputTopic<String, PreferenceRecord> duplicates;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeEach
    void startDriver() {
        TopologyDriver started = TopologyDriver.start(
                IngestTopology.build(TOPICS, new JudgmentParser(ParserConfig.defaults())), TOPICS,
                "avro-import-test", dir.resolve("state"));
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

    /** Sends every record of a file to the raw topic the way the importer does. */
    private void importFile(Path file) throws IOException {
        String name = file.getFileName().toString();
        try (ImportReader reader = FileImporter.openReader(file, name, null, FileFormat.AUTO)) {
            for (ImportRecord record = reader.next(); record != null; record = reader.next()) {
                ProducerRecord<String, byte[]> message = record.toRaw(TOPICS.raw(), null);
                raw.pipeInput(new TestRecord<>(message.key().getBytes(StandardCharsets.UTF_8), message.value(),
                        message.headers()));
            }
        }
    }

    private Path threeRecordsWithOneInvalid() throws IOException {
        return AvroFiles.write(dir.resolve("snap.avro"), false, List.of(
                AvroFiles.record("a-1", "p1", "yes", "no"),
                AvroFiles.record("a-2", "p2", "\u200b ", "no"),
                AvroFiles.record("a-3", "p3", "yes", "no")));
    }

    @Test
    void shouldAcceptValidAvroRecordsAndDeadLetterInvalidOneByRecordNumber() throws IOException {
        importFile(threeRecordsWithOneInvalid());

        List<PreferenceRecord> kept = accepted.readValuesToList();
        DeadLetter letter = deadLetters.readValue();

        assertThat(kept).extracting(PreferenceRecord::getId).containsExactly("a-1", "a-3");
        assertThat(kept).extracting(PreferenceRecord::getSource).containsOnly("collector-a");
        assertThat(letter.getRecordRef()).isEqualTo("snap.avro#2");
        assertThat(letter.getReason()).isEqualTo("EMPTY_RESPONSE");
        assertThat(letter.getField()).isEqualTo("chosen");
        assertThat(letter.getDetail()).contains("snap.avro#2");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldFindOnlyDuplicatesWhenTheSameAvroFileIsImportedAgain() throws IOException {
        Path file = threeRecordsWithOneInvalid();
        importFile(file);
        accepted.readValuesToList();
        deadLetters.readValuesToList();

        importFile(file);

        assertThat(accepted.isEmpty()).as("no new record and no added vote").isTrue();
        assertThat(duplicates.readValuesToList()).extracting(PreferenceRecord::getId).containsExactly("a-1", "a-3");
        assertThat(deadLetters.readValuesToList()).extracting(DeadLetter::getRecordRef).containsExactly("snap.avro#2");
    }

    @Test
    void shouldFindEveryRowOfAReimportedSnapshotADuplicate() throws IOException {
        String[] lines = {
            "{\"id\":\"j-1\",\"prompt\":\"p\",\"chosen\":\"a\",\"rejected\":\"b\",\"annotator_id\":\"ann-1\"}",
            "{\"id\":\"j-2\",\"prompt\":\"p\",\"chosen\":\"a\",\"rejected\":\"b\",\"annotator_id\":\"ann-2\"}",
            "{\"id\":\"j-3\",\"prompt\":\"q\",\"chosen\":\"c\",\"rejected\":\"d\"}",
            "{\"prompt\":[{\"role\":\"user\",\"content\":\"hi\"}],\"chosen\":\"hello\",\"rejected\":\"go\"}"};
        for (int i = 0; i < lines.length; i++) {
            TestRecord<byte[], byte[]> line = new TestRecord<>(("a.jsonl:" + (i + 1)).getBytes(StandardCharsets.UTF_8),
                    lines[i].getBytes(StandardCharsets.UTF_8));
            line.headers().add(RawHeaders.SOURCE, "a.jsonl".getBytes(StandardCharsets.UTF_8));
            raw.pipeInput(line);
        }
        // A snapshot keeps, per content key, the first row's text and id with the latest vote count.
        Map<String, PreferenceRecord> snapshot = new LinkedHashMap<>();
        accepted.readValuesToList().forEach(row -> snapshot.put(row.getContentKey(), row));
        assertThat(snapshot.values()).extracting(PreferenceRecord::getVotes).containsExactly(2, 1, 1);

        importFile(AvroFiles.write(dir.resolve("records.avro"), false, new ArrayList<>(snapshot.values())));

        assertThat(accepted.isEmpty()).as("neither new records nor votes").isTrue();
        assertThat(duplicates.readValuesToList()).extracting(PreferenceRecord::getContentKey)
                .containsExactlyElementsOf(snapshot.keySet());
        assertThat(deadLetters.isEmpty()).isTrue();
    }
}

package io.prefstream.ingest.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prefstream.ingest.app.IngestTopics;
import io.prefstream.ingest.dedup.DedupProcessor;
import io.prefstream.ingest.dedup.IdCollisionPolicy;
import io.prefstream.ingest.format.JudgmentParser;
import io.prefstream.ingest.format.ParserConfig;
import io.prefstream.ingest.format.RejectReason;
import io.prefstream.ingest.kafka.RawHeaders;
import io.prefstream.ingest.metrics.IngestMeters;
import io.prefstream.schemas.snapshot.Hashing;
import io.prefstream.schemas.v1.DeadLetter;
import io.prefstream.schemas.v1.PreferenceRecord;

/** The id-collision policy in the ingest topology: which record is kept, what the dead letter says, what is stored. */
class IdCollisionTopologyTest {

    private static final IngestTopics TOPICS = IngestTopics.defaults();
    private static final String APPLICATION_ID = "id-collision-test";
    /** Every record's text contains this word; no detail, store entry or changelog record may repeat it. */
    private static final String SECRET = "SECRET";
    private static final String FIRST = "{\"id\":\"r-1\",\"prompt\":\"SECRET q\",\"chosen\":\"a\",\"rejected\":\"b\"}";
    private static final String OTHER_CONTENT =
            "{\"id\":\"r-1\",\"prompt\":\"SECRET other q\",\"chosen\":\"c\",\"rejected\":\"d\"}";
    private static final String REVERSED =
            "{\"id\":\"r-1\",\"prompt\":\"SECRET q\",\"chosen\":\"b\",\"rejected\":\"a\"}";

    @TempDir
    Path stateDir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> raw;
    private TestOutputTopic<String, PreferenceRecord> accepted;
    private TestOutputTopic<String, PreferenceRecord> duplicates;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    private void startDriver(IdCollisionPolicy policy) {
        TopologyDriver started = TopologyDriver.start(IngestTopology.build(TOPICS,
                new JudgmentParser(ParserConfig.defaults()), policy, registry), TOPICS, APPLICATION_ID, stateDir);
        driver = started.driver();
        raw = started.raw();
        accepted = started.accepted();
        duplicates = started.duplicates();
        deadLetters = started.deadLetters();
    }

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    private void send(String recordRef, String json) {
        TestRecord<byte[], byte[]> record = new TestRecord<>(recordRef.getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8));
        record.headers().add(RawHeaders.SOURCE, "test.jsonl".getBytes(StandardCharsets.UTF_8));
        raw.pipeInput(record);
    }

    @Test
    void shouldKeepRecordWithReusedIdAsItsOwnRecordByDefault() {
        startDriver(IdCollisionPolicy.DEFAULT);

        send("test.jsonl:1", FIRST);
        send("test.jsonl:2", OTHER_CONTENT);

        assertThat(accepted.readValuesToList()).extracting(PreferenceRecord::getId).containsExactly("r-1", "r-1");
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(driver.getAllStateStores()).doesNotContainKey(IngestTopology.ID_STORE);
    }

    @Test
    void shouldDeadLetterLaterRecordWhoseIdNamesOtherContent() {
        startDriver(IdCollisionPolicy.DEAD_LETTER);

        send("test.jsonl:1", FIRST);
        send("test.jsonl:2", OTHER_CONTENT);

        List<PreferenceRecord> kept = accepted.readValuesToList();
        assertThat(kept).extracting(PreferenceRecord::getPrompt).containsExactly("SECRET q");
        TestRecord<String, DeadLetter> letter = deadLetters.readRecord();
        assertThat(letter.key()).isEqualTo("test.jsonl:2");
        assertThat(letter.value().getReason()).isEqualTo(RejectReason.ID_COLLISION.name());
        assertThat(letter.value().getField()).isEqualTo("id");
        assertThat(letter.value().getRecordRef()).isEqualTo("test.jsonl:2");
        assertThat(letter.value().getDetail()).contains("test.jsonl:2").contains("id")
                .contains(kept.get(0).getContentKey()).doesNotContainIgnoringCase(SECRET);
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(duplicates.isEmpty()).isTrue();
    }

    @Test
    void shouldKeepOriginalBytesAndRawPositionInTheDeadLetter() {
        startDriver(IdCollisionPolicy.DEAD_LETTER);

        send("test.jsonl:1", FIRST);
        send("test.jsonl:2", OTHER_CONTENT);

        DeadLetter letter = deadLetters.readValue();
        assertThat(StandardCharsets.UTF_8.decode(letter.getOriginal()).toString()).isEqualTo(OTHER_CONTENT);
        assertThat(letter.getOriginalSize()).isEqualTo(OTHER_CONTENT.getBytes(StandardCharsets.UTF_8).length);
        assertThat(letter.getSourceTopic()).isEqualTo(TOPICS.raw());
        assertThat(letter.getSourcePartition()).isZero();
        assertThat(letter.getSourceOffset()).isEqualTo(1);
    }

    @Test
    void shouldDeadLetterReverseJudgmentUnderTheSameIdInsteadOfOpeningAConflict() {
        startDriver(IdCollisionPolicy.DEAD_LETTER);

        send("test.jsonl:1", FIRST);
        send("test.jsonl:2", REVERSED);

        assertThat(accepted.readValuesToList()).hasSize(1);
        assertThat(deadLetters.readValue().getReason()).isEqualTo(RejectReason.ID_COLLISION.name());
    }

    @Test
    void shouldPassSameIdWithSameContentOnToDedup() {
        startDriver(IdCollisionPolicy.DEAD_LETTER);
        String vote = "{\"id\":\"r-1\",\"prompt\":\"SECRET q\",\"chosen\":\"a\",\"rejected\":\"b\","
                + "\"annotator_id\":\"ann-2\"}";

        send("test.jsonl:1", FIRST);
        send("test.jsonl:2", FIRST);
        send("test.jsonl:3", vote);

        List<TestRecord<String, PreferenceRecord>> rows = accepted.readRecordsToList();
        assertThat(rows).extracting(row -> row.value().getVotes()).containsExactly(1, 2);
        assertThat(duplicates.readValuesToList()).hasSize(1);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldAcceptOtherIdsForOtherContent() {
        startDriver(IdCollisionPolicy.DEAD_LETTER);

        send("test.jsonl:1", FIRST);
        send("test.jsonl:2", OTHER_CONTENT.replace("\"r-1\"", "\"r-2\""));
        send("test.jsonl:3", "{\"prompt\":\"SECRET third\",\"chosen\":\"e\",\"rejected\":\"f\"}");

        assertThat(accepted.readValuesToList()).extracting(PreferenceRecord::getId)
                .containsExactly("r-1", "r-2", "test.jsonl:3");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldLeaveNoInternalHeadersOnAcceptedRecords() {
        startDriver(IdCollisionPolicy.DEAD_LETTER);

        send("test.jsonl:1", FIRST);

        TestRecord<String, PreferenceRecord> row = accepted.readRecord();
        assertThat(Arrays.stream(row.headers().toArray()).map(Header::key))
                .containsExactlyInAnyOrder(RawHeaders.SOURCE, DedupProcessor.OUTCOME_HEADER);
    }

    @Test
    void shouldStoreOnlyIdHashAndContentKeyAndLogThemToTheChangelog() {
        startDriver(IdCollisionPolicy.DEAD_LETTER);

        send("test.jsonl:1", FIRST);

        String contentKey = accepted.readValue().getContentKey();
        String idKey = Hashing.sha256Hex("r-1".getBytes(StandardCharsets.UTF_8));
        assertThat(driver.<String, String>getKeyValueStore(IngestTopology.ID_STORE).get(idKey))
                .isEqualTo(contentKey);
        TestOutputTopic<String, String> changelog = driver.createOutputTopic(
                APPLICATION_ID + "-" + IngestTopology.ID_STORE + "-changelog",
                Serdes.String().deserializer(), Serdes.String().deserializer());
        assertThat(changelog.readKeyValuesToList()).containsExactly(KeyValue.pair(idKey, contentKey));
    }

    @Test
    void shouldCountIdCollisionsAsDeadLettered() {
        startDriver(IdCollisionPolicy.DEAD_LETTER);

        send("test.jsonl:1", FIRST);
        send("test.jsonl:2", OTHER_CONTENT);
        send("test.jsonl:3", REVERSED);

        assertThat(registry.get(IngestMeters.RECORDS).tags(IngestMeters.OUTCOME, IngestMeters.DEAD_LETTERED,
                IngestMeters.REASON, RejectReason.ID_COLLISION.name()).functionCounter().count()).isEqualTo(2);
        assertThat(registry.get(IngestMeters.RECORDS).tags(IngestMeters.OUTCOME, IngestMeters.ACCEPTED,
                IngestMeters.REASON, IngestMeters.NO_REASON).functionCounter().count()).isEqualTo(1);
    }

    @Test
    void shouldStillDeadLetterInvalidRecordsFromTheParseStep() {
        startDriver(IdCollisionPolicy.DEAD_LETTER);

        send("test.jsonl:1", "{\"id\":\"r-1\",\"prompt\":\"SECRET q\",\"chosen\":\" \",\"rejected\":\"b\"}");
        send("test.jsonl:2", FIRST);

        assertThat(deadLetters.readValuesToList()).extracting(DeadLetter::getReason)
                .containsExactly(RejectReason.EMPTY_RESPONSE.name());
        assertThat(accepted.readValuesToList()).as("an invalid record does not claim its id").hasSize(1);
    }
}

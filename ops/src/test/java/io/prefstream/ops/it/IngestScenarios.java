package io.prefstream.ops.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.prefstream.ingest.app.IngestService;
import io.prefstream.ingest.app.IngestTopics;
import io.prefstream.ingest.app.KafkaSettings;
import io.prefstream.ingest.app.TopicProvisioner;
import io.prefstream.ingest.format.ParserConfig;
import io.prefstream.ingest.importer.FileImporter;
import io.prefstream.ingest.importer.ImportSummary;
import io.prefstream.ingest.kafka.OutcomeCounter;
import io.prefstream.ingest.snapshot.DeletionRequester;
import io.prefstream.ingest.snapshot.SnapshotStore;
import io.prefstream.ingest.snapshot.SnapshotWriter;
import io.prefstream.schemas.snapshot.SnapshotReader;
import io.prefstream.schemas.v1.PreferenceRecord;

/**
 * Ingest scenarios against a real broker. Subclasses say which broker: the embedded KRaft
 * broker (runs everywhere) or a Testcontainers one (runs where Docker exists). Each test uses
 * its own topics and application id, so tests share one broker without interfering.
 */
abstract class IngestScenarios {

    static final Path CASES = Path.of("..", "ingest", "src", "test", "resources", "cases");
    private static final Duration JUDGE_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path work;

    /** Returns the broker's bootstrap address. */
    abstract String bootstrapServers();

    private IngestTopics topics;
    private String applicationId;

    private IngestTopics freshTopics() {
        String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
        topics = IngestTopics.withPrefix(prefix);
        applicationId = prefix + "ingest";
        try (Admin admin = Admin.create(kafka().properties(Map.of()))) {
            TopicProvisioner.singleNode().ensure(admin, topics, prefix + "checkpoints");
        }
        return topics;
    }

    KafkaSettings kafka() {
        return KafkaSettings.of(bootstrapServers());
    }

    private IngestService ingest() {
        IngestService service = new IngestService(kafka(), topics, ParserConfig.defaults(), applicationId,
                work.resolve("state"));
        service.start();
        return service;
    }

    private ImportSummary importFile(Path file) throws IOException {
        return new FileImporter(kafka(), topics, ParserConfig.defaults().maxRecordBytes()).importFile(file, null);
    }

    private OutcomeCounter.Totals awaitJudged(long expected) {
        try (OutcomeCounter counter = new OutcomeCounter(kafka(), topics)) {
            Awaitility.await().atMost(JUDGE_TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .until(() -> counter.poll().total() >= expected);
            return counter.totals();
        }
    }

    private List<PreferenceRecord> snapshotRecords() throws IOException {
        SnapshotWriter writer = new SnapshotWriter(kafka(), topics, new SnapshotStore(work.resolve("snapshots")), 0.1);
        SnapshotWriter.Result result = writer.cut().orElseThrow();
        return SnapshotReader.read(result.directory()).records();
    }

    @Test
    void shouldKeepFirstCopyOfRedeliveredRecords() throws IOException {
        freshTopics();
        try (IngestService service = ingest()) {
            ImportSummary summary = importFile(CASES.resolve("10-redelivered-duplicates.jsonl"));

            OutcomeCounter.Totals totals = awaitJudged(summary.judged());

            assertThat(totals.accepted()).isEqualTo(3);
            assertThat(totals.duplicates()).isEqualTo(3);
        }
        assertThat(snapshotRecords()).extracting(PreferenceRecord::getId)
                .containsExactlyInAnyOrder("r-001", "r-002", "r-003");
    }

    @Test
    void shouldNotDuplicateAcrossRestartAndReimport() throws IOException {
        freshTopics();
        Path file = CASES.resolve("10-redelivered-duplicates.jsonl");
        Path firstThree = work.resolve("first-three.jsonl");
        List<String> lines = Files.readAllLines(file);
        Files.write(firstThree, lines.subList(0, 3));
        try (IngestService service = ingest()) {
            awaitJudgedAfter(importFile(firstThree), 0);
        }
        try (IngestService restarted = ingest()) {
            awaitJudgedAfter(importFile(file), 3);
        }

        List<PreferenceRecord> records = snapshotRecords();

        assertThat(records).hasSize(3);
        assertThat(records).extracting(PreferenceRecord::getContentKey).doesNotHaveDuplicates();
    }

    private void awaitJudgedAfter(ImportSummary summary, long before) {
        assertThat(awaitJudged(before + summary.judged()).total()).isEqualTo(before + summary.judged());
    }

    @Test
    void shouldDeadLetterInvalidUtf8AndOversizedRecordsAndKeepGoing() throws IOException {
        freshTopics();
        try (IngestService service = ingest()) {
            ImportSummary utf8 = importFile(CASES.resolve("07-invalid-utf8.bin"));
            ImportSummary oversized = importFile(CASES.resolve("09-oversized-record.jsonl"));

            OutcomeCounter.Totals totals = awaitJudged(utf8.judged() + oversized.judged());

            assertThat(oversized.tooLarge()).isEqualTo(1);
            assertThat(totals.accepted()).isEqualTo(3 + 2);
            assertThat(totals.deadLetteredByReason()).containsEntry("INVALID_UTF8", 2L)
                    .containsEntry("RECORD_TOO_LARGE", 1L);
        }
        assertThat(snapshotRecords()).extracting(PreferenceRecord::getChosen)
                .noneMatch(text -> text.contains("\uFFFD"));
    }

    @Test
    void shouldCutByteIdenticalSnapshotsFromTheSameOffsets() throws IOException {
        freshTopics();
        try (IngestService service = ingest()) {
            awaitJudged(importFile(CASES.resolve("02-hh-multiturn-prompt.jsonl")).judged());
        }
        SnapshotWriter first = new SnapshotWriter(kafka(), topics, new SnapshotStore(work.resolve("a")), 0.1);
        SnapshotWriter second = new SnapshotWriter(kafka(), topics, new SnapshotStore(work.resolve("b")), 0.1);

        String a = first.cut().orElseThrow().manifestSha256();
        String b = second.cut().orElseThrow().manifestSha256();

        assertThat(a).isEqualTo(b);
        assertThat(Files.readAllBytes(work.resolve("a/v000001/records.avro")))
                .isEqualTo(Files.readAllBytes(work.resolve("b/v000001/records.avro")));
    }

    @Test
    void shouldLeaveDeletedRecordsOutOfNextSnapshotAndCountThem() throws IOException {
        freshTopics();
        try (IngestService service = ingest()) {
            awaitJudged(importFile(CASES.resolve("10-redelivered-duplicates.jsonl")).judged());
        }
        SnapshotWriter writer = new SnapshotWriter(kafka(), topics, new SnapshotStore(work.resolve("snapshots")), 0.1);
        assertThat(writer.cut().orElseThrow().manifest().counts().records()).isEqualTo(3);

        new DeletionRequester(kafka(), topics).request("r-002", null, "test");
        SnapshotWriter.Result next = writer.cut().orElseThrow();

        assertThat(next.created()).isTrue();
        assertThat(next.manifest().version()).isEqualTo(2);
        assertThat(next.manifest().counts().deleted()).isEqualTo(1);
        assertThat(next.manifest().counts().newRecords()).isZero();
        assertThat(SnapshotReader.read(next.directory()).records()).extracting(PreferenceRecord::getId)
                .containsExactlyInAnyOrder("r-001", "r-003");
    }

    @Test
    void shouldCountOnlyRecordsAbsentFromParentAsNew() throws IOException {
        freshTopics();
        SnapshotWriter writer = new SnapshotWriter(kafka(), topics, new SnapshotStore(work.resolve("snapshots")), 0.1);
        try (IngestService service = ingest()) {
            awaitJudged(importFile(CASES.resolve("02-hh-multiturn-prompt.jsonl")).judged());
            assertThat(writer.cut().orElseThrow().manifest().counts().newRecords()).isEqualTo(2);

            awaitJudged(2 + importFile(CASES.resolve("10-redelivered-duplicates.jsonl")).judged());
        }
        SnapshotWriter.Result second = writer.cut().orElseThrow();

        assertThat(second.manifest().counts().records()).isEqualTo(5);
        assertThat(second.manifest().counts().newRecords()).isEqualTo(3);
    }

    @Test
    void shouldCarryVotesIntoSnapshotAndResolveConflictsByMajority() throws IOException {
        freshTopics();
        Path file = work.resolve("votes.jsonl");
        Files.write(file, List.of(
                "{\"id\":\"v1\",\"prompt\":\"p\",\"chosen\":\"a\",\"rejected\":\"b\",\"annotator_id\":\"ann-1\"}",
                "{\"id\":\"v2\",\"prompt\":\"p\",\"chosen\":\"a\",\"rejected\":\"b\",\"annotator_id\":\"ann-2\"}",
                "{\"id\":\"v3\",\"prompt\":\"p\",\"chosen\":\"b\",\"rejected\":\"a\",\"annotator_id\":\"ann-3\"}",
                "{\"id\":\"v4\",\"prompt\":\"p\",\"chosen\":\"a\",\"rejected\":\"b\",\"annotator_id\":\"ann-1\"}",
                "{\"id\":\"v1\",\"prompt\":\"q\",\"chosen\":\"c\",\"rejected\":\"d\",\"annotator_id\":\"ann-1\"}"));
        OutcomeCounter.Totals totals;
        try (IngestService service = ingest()) {
            totals = awaitJudged(importFile(file).judged());
        }

        SnapshotWriter.Result snapshot = new SnapshotWriter(kafka(), topics,
                new SnapshotStore(work.resolve("snapshots")), 0.1).cut().orElseThrow();
        List<PreferenceRecord> records = SnapshotReader.read(snapshot.directory()).records();

        assertThat(totals.accepted()).as("two distinct pairs").isEqualTo(2);
        assertThat(totals.votes()).isEqualTo(1);
        assertThat(totals.conflicts()).isEqualTo(1);
        assertThat(totals.duplicates()).isEqualTo(1);
        assertThat(snapshot.manifest().counts().conflicts()).isEqualTo(1);
        assertThat(snapshot.manifest().counts().conflictDropped()).isEqualTo(1);
        assertThat(records).extracting(PreferenceRecord::getPrompt, PreferenceRecord::getChosen,
                PreferenceRecord::getVotes).containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("p", "a", 2), org.assertj.core.groups.Tuple.tuple("q", "c", 1));
        assertThat(records).as("an id reused for other content is kept as its own record")
                .extracting(PreferenceRecord::getId).containsOnly("v1");
    }
}

package io.prefstream.ops.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.admin.Admin;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.prefstream.ingest.app.IngestService;
import io.prefstream.ingest.app.IngestTopics;
import io.prefstream.ingest.app.KafkaSettings;
import io.prefstream.ingest.app.TopicProvisioner;
import io.prefstream.ingest.dedup.IdCollisionPolicy;
import io.prefstream.ingest.format.ParserConfig;
import io.prefstream.ingest.importer.FileFormat;
import io.prefstream.ingest.importer.FileImporter;
import io.prefstream.ingest.importer.ImportSummary;
import io.prefstream.ingest.kafka.OutcomeCounter;
import io.prefstream.ingest.kafka.TopicScan;
import io.prefstream.ingest.snapshot.DeletionRequester;
import io.prefstream.ingest.snapshot.SnapshotStore;
import io.prefstream.ingest.snapshot.SnapshotWriter;
import io.prefstream.ops.cli.Launcher;
import io.prefstream.schemas.Topics;
import io.prefstream.schemas.serde.AvroSerdes;
import io.prefstream.schemas.snapshot.Hashing;
import io.prefstream.schemas.snapshot.SnapshotLayout;
import io.prefstream.schemas.snapshot.SnapshotReader;
import io.prefstream.schemas.v1.ChatMessage;
import io.prefstream.schemas.v1.DeadLetter;
import io.prefstream.schemas.v1.PreferenceRecord;

/**
 * Ingest scenarios against a real broker. Subclasses say which broker: the embedded KRaft
 * broker (runs everywhere) or a Testcontainers one (runs where Docker exists). Each test uses
 * its own topics and application id, so tests share one broker without interfering; the one
 * test that runs the launcher uses the default topic names, which no other test here uses.
 */
abstract class IngestScenarios {

    static final Path CASES = Path.of("..", "ingest", "src", "test", "resources", "cases");
    static final Path FORMATS = Path.of("src", "test", "resources", "formats");
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
        return ingest(IdCollisionPolicy.DEFAULT);
    }

    private IngestService ingest(IdCollisionPolicy idCollision) {
        return ingest(idCollision, kafka());
    }

    private IngestService ingest(IdCollisionPolicy idCollision, KafkaSettings settings) {
        IngestService service = new IngestService(settings, topics, ParserConfig.defaults(), idCollision,
                applicationId, work.resolve("state"), new CompositeMeterRegistry());
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
        long longestLine = Files.readAllLines(CASES.resolve("09-oversized-record.jsonl"), StandardCharsets.UTF_8)
                .stream().mapToLong(line -> line.getBytes(StandardCharsets.UTF_8).length).max().orElseThrow();
        assertThat(deadLetters()).filteredOn(letter -> letter.getReason().equals("RECORD_TOO_LARGE"))
                .singleElement().satisfies(letter -> {
                    assertThat(letter.getOriginalSize()).as("the whole record's size").isEqualTo(longestLine);
                    assertThat(letter.getOriginal().remaining()).as("an excerpt").isLessThan((int) longestLine);
                });
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
    void shouldAnnounceBeforeTheNextCutASnapshotPublishedButNeverAnnounced() throws IOException {
        freshTopics();
        try (IngestService service = ingest()) {
            awaitJudged(importFile(CASES.resolve("02-hh-multiturn-prompt.jsonl")).judged());
        }
        // A writer whose announcements go elsewhere stands for one killed between publishing and announcing.
        IngestTopics elsewhere = IngestTopics.withPrefix("elsewhere-" + UUID.randomUUID().toString().substring(0, 8)
                + ".");
        try (Admin admin = Admin.create(kafka().properties(Map.of()))) {
            TopicProvisioner.singleNode().ensure(admin, elsewhere, elsewhere.raw() + ".checkpoints");
        }
        SnapshotStore store = new SnapshotStore(work.resolve("snapshots"));
        IngestTopics unannounced = new IngestTopics(topics.raw(), topics.accepted(), topics.duplicates(),
                topics.deadLetter(), topics.deletions(), elsewhere.snapshots(), topics.snapshotRequests());
        String published = new SnapshotWriter(kafka(), unannounced, store, 0.1).cut().orElseThrow()
                .manifest().snapshotId();
        assertThat(announced(topics.snapshots())).isEmpty();

        SnapshotWriter.Result unchanged = new SnapshotWriter(kafka(), topics, store, 0.1).cut().orElseThrow();

        assertThat(unchanged.created()).as("nothing new to cut").isFalse();
        assertThat(announced(topics.snapshots())).containsExactly(published);
    }

    private List<DeadLetter> deadLetters() {
        List<DeadLetter> letters = new ArrayList<>();
        try (TopicScan scan = new TopicScan(kafka())) {
            scan.scan(topics.deadLetter(), scan.endOffsets(topics.deadLetter()),
                    r -> letters.add(AvroSerdes.deadLetter().decode(topics.deadLetter(), r.value())));
        }
        return letters;
    }

    private List<String> announced(String topic) {
        List<String> ids = new ArrayList<>();
        try (TopicScan scan = new TopicScan(kafka())) {
            scan.scan(topic, scan.endOffsets(topic), r -> ids.add(
                    AvroSerdes.snapshotAnnouncement().decode(topic, r.value()).getSnapshotId()));
        }
        return ids;
    }

    @Test
    void shouldCutTheSameBytesWhetherRowsFitInMemoryOrSpillToDisk() throws IOException {
        freshTopics();
        Path file = work.resolve("mixed.jsonl");
        Files.write(file, List.of(
                "{\"id\":\"m1\",\"prompt\":\"p\",\"chosen\":\"a\",\"rejected\":\"b\",\"annotator_id\":\"ann-1\"}",
                "{\"id\":\"m2\",\"prompt\":\"p\",\"chosen\":\"a\",\"rejected\":\"b\",\"annotator_id\":\"ann-2\"}",
                "{\"id\":\"m3\",\"prompt\":\"p\",\"chosen\":\"b\",\"rejected\":\"a\",\"annotator_id\":\"ann-3\"}",
                "{\"id\":\"m4\",\"prompt\":\"q\",\"chosen\":\"c\",\"rejected\":\"d\",\"annotator_id\":\"ann-1\"}",
                "{\"id\":\"m5\",\"prompt\":\"r\",\"chosen\":\"e\",\"rejected\":\"f\",\"annotator_id\":\"ann-4\"}"));
        try (IngestService service = ingest()) {
            long judged = importFile(file).judged();
            awaitJudged(judged + importFile(CASES.resolve("10-redelivered-duplicates.jsonl")).judged());
        }
        new DeletionRequester(kafka(), topics).request("m5", null, "test");
        SnapshotWriter inMemory = new SnapshotWriter(kafka(), topics, new SnapshotStore(work.resolve("a")), 0.5);
        SnapshotWriter spilling = new SnapshotWriter(kafka(), topics, new SnapshotStore(work.resolve("b")), 0.5)
                .withMemoryBudget(1);

        SnapshotWriter.Result a = inMemory.cut().orElseThrow();
        SnapshotWriter.Result b = spilling.cut().orElseThrow();

        assertThat(a.manifest().counts()).isEqualTo(b.manifest().counts());
        assertThat(a.manifest().counts().records()).isEqualTo(5);
        assertThat(a.manifest().counts().deleted()).isEqualTo(1);
        assertThat(a.manifest().counts().conflictDropped()).isEqualTo(1);
        assertThat(Files.readAllBytes(work.resolve("b/v000001/records.avro")))
                .isEqualTo(Files.readAllBytes(work.resolve("a/v000001/records.avro")));
        assertThat(b.manifestSha256()).isEqualTo(a.manifestSha256());
        // The writer hashes the data file as it writes it; the manifest must name the bytes on disk.
        assertThat(a.manifest().files().get(SnapshotLayout.RECORDS).sha256())
                .isEqualTo(Hashing.sha256Hex(SnapshotLayout.records(a.directory())));
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

    private OutcomeCounter.Totals judgeAlone(Path file) throws IOException {
        freshTopics();
        try (IngestService service = ingest()) {
            return awaitJudged(importFile(file).judged());
        }
    }

    private static OutcomeCounter.Totals outcomes(long accepted, long votes, long conflicts, long duplicates,
            Map<String, Long> deadLettered) {
        return new OutcomeCounter.Totals(accepted, votes, conflicts, duplicates, new TreeMap<>(deadLettered));
    }

    private static Map<String, PreferenceRecord> byId(List<PreferenceRecord> records) {
        return records.stream().collect(Collectors.toMap(PreferenceRecord::getId, Function.identity()));
    }

    @Test
    void shouldImportPreferenceStringsWithVotesConflictsAndDuplicates() throws IOException {
        OutcomeCounter.Totals totals = judgeAlone(FORMATS.resolve("preference-strings.jsonl"));

        assertThat(totals).isEqualTo(outcomes(2, 1, 1, 1, Map.of("EMPTY_PROMPT", 1L)));
        Map<String, PreferenceRecord> kept = byId(snapshotRecords());
        assertThat(kept).containsOnlyKeys("p-1", "p-3");
        assertThat(kept.get("p-1").getChosen()).isEqualTo("Paris.");
        assertThat(kept.get("p-1").getVotes()).as("ann-1 and ann-2; the reverse judgment lost").isEqualTo(2);
        assertThat(kept.get("p-3").getVotes()).isEqualTo(2);
        assertThat(kept.get("p-3").getCreatedAt()).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
        assertThat(kept.get("p-3").getMetadata()).containsEntry("batch", "b7");
        assertThat(kept.get("p-3").getSource()).isEqualTo("preference-strings.jsonl");
    }

    @Test
    void shouldDeadLetterEveryParserReasonThroughTheBrokerAndKeepTheGoodRecord() throws IOException {
        Path file = work.resolve("every-reason.jsonl");
        String longResponse = "x".repeat(ParserConfig.DEFAULT_MAX_FIELD_CHARS + 1);
        Files.write(file, Files.readAllLines(FORMATS.resolve("every-reason.jsonl")));
        Files.writeString(file, "{\"prompt\": \"q\", \"chosen\": \"" + longResponse + "\", \"rejected\": \"b\"}\n",
                StandardOpenOption.APPEND);

        OutcomeCounter.Totals totals = judgeAlone(file);

        Map<String, Long> expected = new TreeMap<>();
        for (String reason : List.of("MALFORMED_JSON", "NOT_AN_OBJECT", "MISSING_FIELD", "WRONG_TYPE",
                "INVALID_VALUE", "EMPTY_PROMPT", "EMPTY_RESPONSE", "IDENTICAL_RESPONSES", "PROMPT_MISMATCH",
                "LAST_TURN_NOT_ASSISTANT", "UNKNOWN_ROLE", "TIE", "INVALID_LABEL", "UNKNOWN_FORMAT",
                "AMBIGUOUS_FORMAT", "FIELD_TOO_LARGE")) {
            expected.put(reason, 1L);
        }
        assertThat(totals).isEqualTo(outcomes(1, 0, 0, 0, expected));
        assertThat(snapshotRecords()).extracting(PreferenceRecord::getId).containsExactly("ok");
    }

    @Test
    void shouldImportChatMessageListsKeepingThePromptAsMessages() throws IOException {
        OutcomeCounter.Totals totals = judgeAlone(CASES.resolve("12-chat-messages.jsonl"));

        assertThat(totals).isEqualTo(outcomes(3, 0, 0, 0,
                Map.of("LAST_TURN_NOT_ASSISTANT", 1L, "PROMPT_MISMATCH", 1L)));
        Map<String, PreferenceRecord> kept = byId(snapshotRecords());
        assertThat(kept).containsOnlyKeys("12-chat-messages.jsonl:1", "12-chat-messages.jsonl:2",
                "12-chat-messages.jsonl:3");
        PreferenceRecord first = kept.get("12-chat-messages.jsonl:1");
        assertThat(first.getPrompt()).isEqualTo("\n\nHuman: How many minutes are in a day?\n\nAssistant:");
        assertThat(first.getPromptMessages()).extracting(ChatMessage::getRole, ChatMessage::getContent)
                .containsExactly(tuple("user", "How many minutes are in a day?"));
        assertThat(first.getChosen()).isEqualTo("1,440.");
        assertThat(first.getRejected()).isEqualTo("1,000.");
        assertThat(kept.get("12-chat-messages.jsonl:2").getPromptMessages()).extracting(ChatMessage::getRole)
                .containsExactly("system", "user");
        assertThat(kept.get("12-chat-messages.jsonl:3").getChosen()).isEqualTo("A good pair of pruning shears.");
    }

    @Test
    void shouldImportHhTranscriptsSplitAtTheFirstDifferingAssistantTurn() throws IOException {
        Path file = CASES.resolve("01-hh-diverge-before-last-turn.jsonl");

        OutcomeCounter.Totals totals = judgeAlone(file);

        assertThat(totals).isEqualTo(outcomes(3, 0, 0, 0, Map.of("PROMPT_MISMATCH", 1L)));
        Map<String, PreferenceRecord> kept = byId(snapshotRecords());
        assertThat(kept.get("01-hh-diverge-before-last-turn.jsonl:1").getPrompt())
                .isEqualTo("\n\nHuman: How do I keep basil alive on a windowsill?\n\nAssistant:");
        assertThat(kept.get("01-hh-diverge-before-last-turn.jsonl:1").getRejected()).isEqualTo(" Basil is a plant.");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        ObjectMapper json = new ObjectMapper();
        for (int line = 1; line <= 3; line++) {
            JsonNode original = json.readTree(lines.get(line - 1));
            PreferenceRecord record = kept.get("01-hh-diverge-before-last-turn.jsonl:" + line);
            assertThat(record.getPrompt()).endsWith("\n\nAssistant:");
            assertThat(record.getPrompt() + record.getChosen()).as("line %d, chosen", line)
                    .isEqualTo(original.get("chosen").textValue());
            assertThat(record.getPrompt() + record.getRejected()).as("line %d, rejected", line)
                    .isEqualTo(original.get("rejected").textValue());
        }
    }

    @Test
    void shouldImportPairwiseJudgmentsAndDeadLetterTies() throws IOException {
        OutcomeCounter.Totals totals = judgeAlone(CASES.resolve("11-pairwise-ties.jsonl"));

        assertThat(totals).isEqualTo(outcomes(3, 0, 0, 0, Map.of("TIE", 2L, "INVALID_LABEL", 1L)));
        Map<String, PreferenceRecord> kept = byId(snapshotRecords());
        assertThat(kept).containsOnlyKeys("11-pairwise-ties.jsonl:1", "11-pairwise-ties.jsonl:2",
                "11-pairwise-ties.jsonl:5");
        assertThat(kept.get("11-pairwise-ties.jsonl:1").getChosen()).isEqualTo("Pedal further, worry less.");
        assertThat(kept.get("11-pairwise-ties.jsonl:1").getRejected()).isEqualTo("We sell bikes.");
        assertThat(kept.get("11-pairwise-ties.jsonl:2").getRejected()).isEqualTo("Recursion is recursion.");
        assertThat(kept.get("11-pairwise-ties.jsonl:5").getChosen()).isEqualTo("About 3.1 miles.");
    }

    @Test
    void shouldImportGzipFileTransparently() throws IOException {
        Path gzip = work.resolve("unicode.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzip))) {
            out.write(Files.readAllBytes(CASES.resolve("06-unicode-nfc-nfd-duplicates.jsonl")));
        }

        OutcomeCounter.Totals totals = judgeAlone(gzip);

        assertThat(totals).isEqualTo(outcomes(4, 0, 0, 2, Map.of()));
        List<PreferenceRecord> kept = snapshotRecords();
        assertThat(kept).extracting(PreferenceRecord::getId).containsExactlyInAnyOrder("unicode.jsonl.gz:1",
                "unicode.jsonl.gz:3", "unicode.jsonl.gz:4", "unicode.jsonl.gz:5");
        assertThat(kept).extracting(PreferenceRecord::getPrompt)
                .allMatch(text -> Normalizer.isNormalized(text, Normalizer.Form.NFC))
                .contains("How long is one \u00c5ngstr\u00f6m?", "What is x\u00b2 when x = 3?");
    }

    @Test
    void shouldDeadLetterIdCollisionsAcrossRestartWithLostLocalState() throws IOException {
        freshTopics();
        Path first = work.resolve("first.jsonl");
        Path second = work.resolve("second.jsonl");
        Files.write(first, List.of(
                "{\"id\":\"x-1\",\"prompt\":\"p1\",\"chosen\":\"a\",\"rejected\":\"b\"}",
                "{\"id\":\"x-2\",\"prompt\":\"p2\",\"chosen\":\"a\",\"rejected\":\"b\"}"));
        Files.write(second, List.of(
                "{\"id\":\"x-1\",\"prompt\":\"p1\",\"chosen\":\"a\",\"rejected\":\"b\"}",
                "{\"id\":\"x-2\",\"prompt\":\"p2 changed\",\"chosen\":\"a\",\"rejected\":\"b\"}",
                "{\"id\":\"x-3\",\"prompt\":\"p3\",\"chosen\":\"a\",\"rejected\":\"b\"}"));
        try (IngestService service = ingest(IdCollisionPolicy.DEAD_LETTER)) {
            awaitJudgedAfter(importFile(first), 0);
        }
        deleteRecursively(work.resolve("state"));

        OutcomeCounter.Totals totals;
        try (IngestService restarted = ingest(IdCollisionPolicy.DEAD_LETTER)) {
            totals = awaitJudged(2 + importFile(second).judged());
        }

        assertThat(totals).as("ids restored from the changelog; x-1 from a new source is a vote")
                .isEqualTo(outcomes(3, 1, 0, 0, Map.of("ID_COLLISION", 1L)));
        assertThat(snapshotRecords()).extracting(PreferenceRecord::getPrompt)
                .containsExactlyInAnyOrder("p1", "p2", "p3");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Test
    void shouldApplyInputOptionsGivenOnTheCommandLine() throws Exception {
        // The launcher uses the default topic names, which no other scenario here uses.
        IngestTopics defaults = IngestTopics.defaults();
        try (Admin admin = Admin.create(kafka().properties(Map.of()))) {
            TopicProvisioner.singleNode().ensure(admin, defaults, Topics.CHECKPOINTS);
        }
        Path options = work.resolve("options.jsonl");
        Files.write(options, List.of(
                "{\"id\":\"o-1\",\"prompt\":\"caf\u00e9?\",\"chosen\":\"yes\",\"rejected\":\"no\"}",
                // The same pair once zero-width marks are removed and NFC applied; --no-nfc keeps it apart.
                "{\"id\":\"o-2\",\"prompt\":\"cafe\u200b\u0301?\",\"chosen\":\"yes\",\"rejected\":\"no\"}",
                "{\"id\":\"o-1\",\"prompt\":\"other\",\"chosen\":\"yes\",\"rejected\":\"no\"}",
                "{\"id\":\"o-3\",\"prompt\":\"q\",\"chosen\":\"" + "y".repeat(50) + "\",\"rejected\":\"no\"}",
                "{\"id\":\"o-4\",\"prompt\":\"" + "q".repeat(200) + "\",\"chosen\":\"yes\",\"rejected\":\"no\"}"));
        Path big = work.resolve("big.jsonl");
        Files.write(big, List.of(
                "{\"id\":\"o-5\",\"prompt\":\"" + "q".repeat(300) + "\",\"chosen\":\"yes\",\"rejected\":\"no\"}"));
        String[] cluster = {"--bootstrap-servers", bootstrapServers(), "--data-dir", work.resolve("cli").toString()};
        Process ingest = LauncherProcess.start(work.resolve("ingest.log"), "ingest", cluster[0], cluster[1],
                cluster[2], cluster[3], "--application-id", "options-" + UUID.randomUUID(),
                "--id-collision=DEAD_LETTER", "--no-nfc", "--max-field-chars=40", "--max-record-bytes=300");
        try {
            // Line 5 (about 250 bytes) passes ingest's limit but not the import's.
            assertThat(Launcher.execute("import", cluster[0], cluster[1], cluster[2], cluster[3],
                    "--max-record-bytes=200", options.toString())).as("exit code").isZero();
            assertThat(Launcher.execute("import", cluster[0], cluster[1], cluster[2], cluster[3],
                    big.toString())).as("exit code").isZero();

            OutcomeCounter.Totals totals;
            try (OutcomeCounter counter = new OutcomeCounter(kafka(), defaults)) {
                Awaitility.await().atMost(JUDGE_TIMEOUT).pollInterval(Duration.ofMillis(100))
                        .until(() -> counter.poll().total() >= 6);
                totals = counter.totals();
            }

            assertThat(totals).isEqualTo(outcomes(2, 0, 0, 0,
                    Map.of("ID_COLLISION", 1L, "FIELD_TOO_LARGE", 1L, "RECORD_TOO_LARGE", 2L)));
        } finally {
            ingest.destroy();
            if (!ingest.waitFor(60, TimeUnit.SECONDS)) {
                LauncherProcess.killHard(ingest);
            }
        }
    }

    private static PreferenceRecord avroRecord(String id, String prompt, String chosen) {
        // No annotator: the voter is the record's own source, which the import keeps.
        return PreferenceRecord.newBuilder().setId(id).setSource("collector-x").setContentKey("stale")
                .setPrompt(prompt).setChosen(chosen).setRejected("No.").build();
    }

    @Test
    void shouldImportAvroFileThenFindOnlyDuplicatesOnReimportAndInAReimportedSnapshot() throws IOException {
        freshTopics();
        Path file = work.resolve("judgments.avro.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file));
                DataFileWriter<PreferenceRecord> writer =
                        new DataFileWriter<>(new SpecificDatumWriter<>(PreferenceRecord.class))) {
            writer.create(PreferenceRecord.getClassSchema(), out);
            writer.append(avroRecord("av-1", "Capital of France?", "Paris."));
            writer.append(avroRecord("av-2", "Capital of Peru?", "Lima."));
            writer.append(avroRecord("av-3", "Capital of Chad?", " "));
        }
        OutcomeCounter.Totals first;
        OutcomeCounter.Totals again;
        OutcomeCounter.Totals snapshotAgain;
        List<PreferenceRecord> kept;
        try (IngestService service = ingest()) {
            ImportSummary imported = importFile(file);
            assertThat(imported.format()).isEqualTo(FileFormat.AVRO);
            first = awaitJudged(imported.judged());
            importFile(file);
            again = awaitJudged(2 * imported.judged());
            SnapshotWriter.Result snapshot = new SnapshotWriter(kafka(), topics,
                    new SnapshotStore(work.resolve("snapshots")), 0.1).cut().orElseThrow();
            kept = SnapshotReader.read(snapshot.directory()).records();
            ImportSummary reimported = importFile(snapshot.directory().resolve("records.avro"));
            snapshotAgain = awaitJudged(2 * imported.judged() + reimported.judged());
        }

        assertThat(first).isEqualTo(outcomes(2, 0, 0, 0, Map.of("EMPTY_RESPONSE", 1L)));
        assertThat(again).as("the same file again").isEqualTo(outcomes(2, 0, 0, 2, Map.of("EMPTY_RESPONSE", 2L)));
        assertThat(snapshotAgain).as("the snapshot's own records.avro")
                .isEqualTo(outcomes(2, 0, 0, 4, Map.of("EMPTY_RESPONSE", 2L)));
        assertThat(kept).extracting(PreferenceRecord::getId, PreferenceRecord::getSource)
                .containsExactlyInAnyOrder(tuple("av-1", "collector-x"), tuple("av-2", "collector-x"));
        assertThat(kept).extracting(PreferenceRecord::getContentKey).doesNotContain("stale");
    }
}

package io.prefstream.ops.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.prefstream.ingest.app.IngestTopics;
import io.prefstream.ingest.app.KafkaSettings;
import io.prefstream.ingest.app.TopicProvisioner;
import io.prefstream.ingest.format.ParserConfig;
import io.prefstream.ingest.importer.FileImporter;
import io.prefstream.ingest.importer.ImportSummary;
import io.prefstream.ingest.kafka.OutcomeCounter;
import io.prefstream.ingest.kafka.TopicScan;
import io.prefstream.ingest.snapshot.SnapshotStore;
import io.prefstream.ingest.snapshot.SnapshotWriter;
import io.prefstream.ops.broker.EmbeddedKafka;
import io.prefstream.schemas.Topics;
import io.prefstream.schemas.serde.AvroSerdes;
import io.prefstream.schemas.snapshot.SnapshotLayout;
import io.prefstream.schemas.snapshot.SnapshotReader;
import io.prefstream.schemas.v1.PreferenceRecord;

/**
 * Kills the ingest service and the snapshot writer with SIGKILL at random moments and checks
 * that nothing accepted is lost, nothing is doubled, and no half-written snapshot is visible.
 * Uses the default topic names on a broker of its own.
 */
@Tag("crash")
class CrashRecoveryTest {

    private static final Path BUNDLED = Path.of("..", "data", "hh-rlhf-harmless-base-test.jsonl.gz");
    private static final int SNAPSHOT_KILLS = 20;
    private static final long SEED = 20_241_204L;

    @TempDir
    static Path brokerDir;

    private static EmbeddedKafka broker;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafka.start(brokerDir, 3);
        try (Admin admin = Admin.create(kafka().properties(Map.of()))) {
            TopicProvisioner.singleNode().ensure(admin, IngestTopics.defaults(), Topics.CHECKPOINTS);
        }
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static KafkaSettings kafka() {
        return KafkaSettings.of(broker.bootstrapServers());
    }

    @Test
    void shouldSurviveKillsOfIngestAndSnapshotWriter() throws Exception {
        Random random = new Random(SEED);
        Path log = dataDir.resolve("children.log");
        String[] common = {"--bootstrap-servers", broker.bootstrapServers(), "--data-dir", dataDir.toString()};

        // Ingest is killed hard mid-import, then restarted; the import itself is repeated, as an
        // operator would after a crash.
        Process ingest = LauncherProcess.start(log, concat(new String[] {"ingest"}, common));
        ImportSummary imported = new FileImporter(kafka(), IngestTopics.defaults(),
                ParserConfig.defaults().maxRecordBytes()).importFile(BUNDLED, null);
        Thread.sleep(2_000 + random.nextInt(3_000));
        LauncherProcess.killHard(ingest);
        Process restarted = LauncherProcess.start(log, concat(new String[] {"ingest"}, common));
        new FileImporter(kafka(), IngestTopics.defaults(), ParserConfig.defaults().maxRecordBytes())
                .importFile(BUNDLED, null);
        OutcomeCounter.Totals totals = awaitJudged(2 * imported.judged());
        LauncherProcess.killHard(restarted);
        assertThat(totals.accepted()).as("each pair accepted exactly once").isEqualTo(2_308);
        assertThat(totals.duplicates()).as("the repeated import is all duplicates").isEqualTo(2_308);

        // The snapshot writer is killed at random points of its work, twenty times.
        for (int kill = 0; kill < SNAPSHOT_KILLS; kill++) {
            Process snapshot = LauncherProcess.start(log, concat(new String[] {"snapshot"}, common));
            Thread.sleep(500 + random.nextInt(4_000));
            LauncherProcess.killHard(snapshot);
            assertEveryVisibleSnapshotIsComplete();
        }

        SnapshotWriter writer = new SnapshotWriter(kafka(), IngestTopics.defaults(),
                new SnapshotStore(dataDir.resolve("snapshots")), 0.1);
        writer.announcePending();
        SnapshotWriter.Result last = writer.cut().orElseThrow();
        List<PreferenceRecord> records = SnapshotReader.read(last.directory()).records();
        assertThat(records).hasSize(2_308);
        assertThat(records).extracting(PreferenceRecord::getContentKey).doesNotHaveDuplicates();
        assertEveryVisibleSnapshotIsComplete();
        assertThat(announcedSnapshots()).containsAll(publishedIds());
    }

    private OutcomeCounter.Totals awaitJudged(long expected) {
        try (OutcomeCounter counter = new OutcomeCounter(kafka(), IngestTopics.defaults())) {
            Awaitility.await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200))
                    .until(() -> counter.poll().total() >= expected);
            return counter.totals();
        }
    }

    private void assertEveryVisibleSnapshotIsComplete() throws IOException {
        for (Path dir : new SnapshotStore(dataDir.resolve("snapshots")).published()) {
            assertThat(SnapshotReader.read(dir).records()).as("snapshot %s", dir).isNotEmpty();
        }
        Path root = dataDir.resolve("snapshots");
        if (Files.isDirectory(root)) {
            try (Stream<Path> entries = Files.list(root)) {
                assertThat(entries.map(p -> p.getFileName().toString()))
                        .allMatch(name -> name.matches("v\\d{6}") || name.startsWith(SnapshotLayout.STAGING_PREFIX));
            }
        }
    }

    private Set<String> publishedIds() {
        Set<String> ids = new HashSet<>();
        new SnapshotStore(dataDir.resolve("snapshots")).published().forEach(p -> ids.add(p.getFileName().toString()));
        return ids;
    }

    private Set<String> announcedSnapshots() {
        Set<String> ids = new HashSet<>();
        try (TopicScan scan = new TopicScan(kafka())) {
            scan.scan(Topics.SNAPSHOTS, scan.endOffsets(Topics.SNAPSHOTS), r -> ids.add(
                    AvroSerdes.snapshotAnnouncement().decode(Topics.SNAPSHOTS, r.value()).getSnapshotId()));
        }
        return ids;
    }

    private static String[] concat(String[] head, String[] tail) {
        return Stream.concat(Stream.of(head), Stream.of(tail)).toArray(String[]::new);
    }
}

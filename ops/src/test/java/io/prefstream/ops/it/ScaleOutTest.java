package io.prefstream.ops.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.prefstream.ingest.app.IngestService;
import io.prefstream.ingest.app.IngestTopics;
import io.prefstream.ingest.app.KafkaSettings;
import io.prefstream.ingest.app.TopicProvisioner;
import io.prefstream.ingest.format.ParserConfig;
import io.prefstream.ingest.importer.FileImporter;
import io.prefstream.ingest.kafka.OutcomeCounter;
import io.prefstream.ingest.schedule.SnapshotRequestQueue;
import io.prefstream.ingest.snapshot.SnapshotStore;
import io.prefstream.ops.bench.SyntheticJudgments;
import io.prefstream.ops.broker.EmbeddedKafka;
import io.prefstream.ops.cli.Launcher;
import io.prefstream.schemas.Topics;
import io.prefstream.schemas.snapshot.SnapshotReader;
import io.prefstream.schemas.v1.PreferenceRecord;

/**
 * Two {@code ingest} processes share one application: both get stream tasks, exactly one writes
 * snapshots. The snapshot writer is killed with SIGKILL mid-import; the survivor takes over its
 * stream tasks and the snapshot writing, and the snapshot it cuts on request holds every accepted
 * record of the input exactly once. Uses the default topic names on a broker of its own.
 */
@Tag("crash")
class ScaleOutTest {

    private static final long SEED = 7L;
    private static final int FILES = 3;
    private static final long LINES_PER_FILE = 4_000;
    private static final Duration TAKEOVER_TIMEOUT = Duration.ofMinutes(4);
    private static final String WRITERS = SnapshotRequestQueue.groupIdOf(IngestService.DEFAULT_APPLICATION_ID);

    @TempDir
    static Path brokerDir;

    private static EmbeddedKafka broker;

    @TempDir
    Path work;

    private final List<Process> processes = new ArrayList<>();
    private final ExecutorService importer = Executors.newSingleThreadExecutor();

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

    @AfterEach
    void stopProcesses() throws InterruptedException {
        importer.shutdownNow();
        for (Process process : processes) {
            LauncherProcess.killHard(process);
        }
    }

    private static KafkaSettings kafka() {
        return KafkaSettings.of(broker.bootstrapServers());
    }

    @Test
    void shouldShareWorkAndKeepEveryRecordOnceWhenTheSnapshotWriterIsKilled() throws Exception {
        Path shared = work.resolve("shared");
        Files.createDirectories(shared);
        List<Path> inputs = writeInputs();
        Process first = startIngest(shared, "a");
        Process second = startIngest(shared, "b");
        awaitBothWorking();
        long writerPid = snapshotWriterPid().orElseThrow();
        Process writer = writerPid == first.pid() ? first : second;
        Process survivor = writer == first ? second : first;
        assertThat(writerPid).isIn(first.pid(), second.pid());

        Future<Long> sent = importer.submit(() -> importAll(inputs));
        OutcomeCounter.Totals beforeKill = awaitJudged(FILES * LINES_PER_FILE / 4, Duration.ofMinutes(2));
        LauncherProcess.killHard(writer);
        assertThat(beforeKill.total()).as("killed while lines were still being judged")
                .isLessThan(FILES * LINES_PER_FILE);
        long judged = sent.get(2, TimeUnit.MINUTES);
        OutcomeCounter.Totals totals = awaitJudged(judged, TAKEOVER_TIMEOUT);
        assertThat(totals.total()).as("every line judged exactly once").isEqualTo(judged);
        assertThat(totals.duplicates()).isEqualTo(judged / SyntheticJudgments.BLOCK);
        Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> snapshotWriterPid()
                .map(pid -> pid == survivor.pid()).orElse(false));

        int requested = Launcher.execute("snapshot", "--request", "--bootstrap-servers", broker.bootstrapServers(),
                "--data-dir", shared.toString(), "--wait-seconds", "180");

        assertThat(requested).isZero();
        List<Path> published = new SnapshotStore(shared.resolve("snapshots")).published();
        assertThat(published).hasSize(1);
        List<PreferenceRecord> records = SnapshotReader.read(published.get(0)).records();
        assertThat(records).extracting(PreferenceRecord::getContentKey).doesNotHaveDuplicates();
        assertThat(new HashSet<>(records.stream().map(PreferenceRecord::getId).toList()))
                .isEqualTo(expectedIds());
        assertThat(survivor.isAlive()).isTrue();
    }

    private List<Path> writeInputs() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int f = 0; f < FILES; f++) {
            Path file = work.resolve("synthetic-" + f + ".jsonl");
            SyntheticJudgments.write(file, SEED, f * LINES_PER_FILE, (f + 1) * LINES_PER_FILE);
            files.add(file);
        }
        return files;
    }

    private static Set<String> expectedIds() {
        Set<String> ids = new HashSet<>();
        LongStream.range(0, FILES * LINES_PER_FILE).filter(i -> !SyntheticJudgments.isRepeat(i))
                .forEach(i -> ids.add(SyntheticJudgments.id(i)));
        return ids;
    }

    private Process startIngest(Path shared, String name) throws Exception {
        Process process = LauncherProcess.start(work.resolve("ingest-" + name + ".log"), "ingest",
                "--bootstrap-servers", broker.bootstrapServers(), "--data-dir", shared.toString(),
                "--state-dir", shared.resolve("state-" + name).toString(),
                "--snapshot-every-records", "0", "--snapshot-every-minutes", "0");
        processes.add(process);
        return process;
    }

    private static long importAll(List<Path> files) throws Exception {
        long judged = 0;
        FileImporter importer = new FileImporter(kafka(), IngestTopics.defaults(),
                ParserConfig.defaults().maxRecordBytes());
        for (Path file : files) {
            judged += importer.importFile(file, null).judged();
        }
        return judged;
    }

    /** Waits until both instances own stream tasks and one of them owns the snapshot request partition. */
    private void awaitBothWorking() {
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            for (Process process : processes) {
                assertThat(process.isAlive()).as("ingest process %d alive", process.pid()).isTrue();
            }
            return membersWithPartitions(IngestService.DEFAULT_APPLICATION_ID).size() == 2
                    && membersWithPartitions(WRITERS).size() == 1;
        });
    }

    private Optional<Long> snapshotWriterPid() throws Exception {
        List<MemberDescription> owners = membersWithPartitions(WRITERS);
        assertThat(owners).as("at most one instance writes snapshots").hasSizeLessThanOrEqualTo(1);
        return owners.stream().map(m -> Long.parseLong(m.clientId().substring(m.clientId().lastIndexOf("pid-") + 4)))
                .findFirst();
    }

    private static List<MemberDescription> membersWithPartitions(String group) throws Exception {
        try (Admin admin = Admin.create(kafka().properties(Map.of()))) {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get()
                    .get(group);
            return description.members().stream()
                    .filter(m -> !m.assignment().topicPartitions().isEmpty()).toList();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return List.of();
            }
            throw e;
        }
    }

    private static OutcomeCounter.Totals awaitJudged(long expected, Duration timeout) {
        try (OutcomeCounter counter = new OutcomeCounter(kafka(), IngestTopics.defaults())) {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200))
                    .until(() -> counter.poll().total() >= expected);
            return counter.totals();
        }
    }
}

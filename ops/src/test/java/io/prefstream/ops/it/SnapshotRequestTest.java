package io.prefstream.ops.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prefstream.ingest.app.IngestService;
import io.prefstream.ingest.app.IngestTopics;
import io.prefstream.ingest.app.KafkaSettings;
import io.prefstream.ingest.app.TopicProvisioner;
import io.prefstream.ingest.format.ParserConfig;
import io.prefstream.ingest.importer.FileImporter;
import io.prefstream.ingest.kafka.OutcomeCounter;
import io.prefstream.ingest.metrics.IngestMeters;
import io.prefstream.ingest.metrics.SnapshotMeters;
import io.prefstream.ingest.metrics.SnapshotTrigger;
import io.prefstream.ingest.schedule.PendingRequest;
import io.prefstream.ingest.schedule.SnapshotRequestQueue;
import io.prefstream.ingest.schedule.SnapshotRequester;
import io.prefstream.ingest.schedule.SnapshotScheduler;
import io.prefstream.ingest.snapshot.SnapshotStore;
import io.prefstream.ingest.snapshot.SnapshotWriter;
import io.prefstream.ingest.snapshot.SnapshotWriterLock;
import io.prefstream.ops.broker.EmbeddedKafka;
import io.prefstream.schemas.snapshot.SnapshotManifest;

/**
 * Snapshot requests on the request topic, served by a running scheduler on the embedded
 * broker: one snapshot per request, nothing when nothing changed, never twice for one request
 * when its server dies between publishing and committing; and writers sharing a snapshots
 * directory take turns.
 */
class SnapshotRequestTest {

    private static final Path CASES = IngestScenarios.CASES;
    private static final Duration SERVED_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    static Path brokerDir;

    private static EmbeddedKafka broker;

    @TempDir
    Path work;

    private IngestTopics topics;
    private String applicationId;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafka.start(brokerDir, 3);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }

    private static KafkaSettings kafka() {
        return KafkaSettings.of(broker.bootstrapServers());
    }

    private void freshTopics() {
        String prefix = "r" + UUID.randomUUID().toString().substring(0, 8) + ".";
        topics = IngestTopics.withPrefix(prefix);
        applicationId = prefix + "ingest";
        try (Admin admin = Admin.create(kafka().properties(Map.of()))) {
            TopicProvisioner.singleNode().ensure(admin, topics, prefix + "checkpoints");
        }
    }

    private SnapshotStore store() {
        return new SnapshotStore(work.resolve("snapshots"));
    }

    private SnapshotWriter writer() {
        SnapshotMeters meters = new SnapshotMeters();
        meters.bindTo(registry);
        return new SnapshotWriter(kafka(), topics, store(), 0.1, meters);
    }

    private long judge(String caseFile, long judgedBefore) throws IOException {
        long judged = judgedBefore + new FileImporter(kafka(), topics, ParserConfig.defaults().maxRecordBytes())
                .importFile(CASES.resolve(caseFile), null).judged();
        try (OutcomeCounter counter = new OutcomeCounter(kafka(), topics)) {
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> counter.poll().total() >= judged);
        }
        return judged;
    }

    /** A scheduler running on its own thread. */
    private record Running(CountDownLatch latch, Future<?> done) {

        /** Stops the scheduler and waits until it has closed its consumers. */
        void stop() throws Exception {
            latch.countDown();
            done.get(60, TimeUnit.SECONDS);
        }
    }

    /** Runs a scheduler (requests only) on its own thread until stopped. */
    private Running runScheduler(SnapshotWriter writer) {
        CountDownLatch stop = new CountDownLatch(1);
        Future<?> done = threads.submit(() -> {
            try (SnapshotRequestQueue queue = new SnapshotRequestQueue(kafka(), topics, applicationId, "test");
                    SnapshotScheduler scheduler = new SnapshotScheduler(writer, store(), queue,
                            () -> new OutcomeCounter(kafka(), topics), SnapshotScheduler.Policy.requestsOnly(),
                            () -> { })) {
                scheduler.run(stop);
            }
            return null;
        });
        return new Running(stop, done);
    }

    private void requestAndAwait(SnapshotRequester requester) {
        SnapshotRequester.Sent sent = requester.request();
        assertThat(requester.awaitServed(sent, applicationId, SERVED_TIMEOUT)).as("request served").isTrue();
    }

    private List<Integer> publishedVersions() {
        return store().published().stream().map(p -> Integer.parseInt(p.getFileName().toString().substring(1)))
                .toList();
    }

    private double requestCuts() {
        return registry.get(IngestMeters.SNAPSHOT_CUTS)
                .tags(IngestMeters.TRIGGER, SnapshotTrigger.REQUEST.tagValue()).functionCounter().count();
    }

    @Test
    void shouldCutOneSnapshotPerRequestAndNoneWhenNothingChanged() throws Exception {
        freshTopics();
        SnapshotRequester requester = new SnapshotRequester(kafka(), topics);
        try (IngestService service = new IngestService(kafka(), topics, ParserConfig.defaults(), applicationId,
                work.resolve("state"))) {
            service.start();
            long judged = judge("10-redelivered-duplicates.jsonl", 0);
            Running scheduler = runScheduler(writer());

            requestAndAwait(requester);
            assertThat(publishedVersions()).containsExactly(1);
            assertThat(requester.latestAnnouncement().orElseThrow().getSnapshotId()).isEqualTo("v000001");

            requestAndAwait(requester);
            assertThat(publishedVersions()).as("nothing changed: no new snapshot").containsExactly(1);

            judge("02-hh-multiturn-prompt.jsonl", judged);
            requestAndAwait(requester);
            scheduler.stop();
        }
        assertThat(publishedVersions()).containsExactly(1, 2);
        assertThat(store().latest().orElseThrow().counts().records()).isEqualTo(5);
        assertThat(requestCuts()).isEqualTo(2.0);
    }

    @Test
    void shouldNotServeRequestAgainWhenItsServerDiedAfterPublishing() throws Exception {
        freshTopics();
        SnapshotRequester requester = new SnapshotRequester(kafka(), topics);
        try (IngestService service = new IngestService(kafka(), topics, ParserConfig.defaults(), applicationId,
                work.resolve("state"))) {
            service.start();
            long judged = judge("10-redelivered-duplicates.jsonl", 0);
            SnapshotRequester.Sent sent = requester.request();

            // The first owner takes the request up, publishes a snapshot and dies before committing.
            try (SnapshotRequestQueue first = new SnapshotRequestQueue(kafka(), topics, applicationId, "first")) {
                List<PendingRequest> batch = pollUntilTaken(first);
                assertThat(batch).extracting(PendingRequest::requestId).containsExactly(sent.requestId());
                first.begin(batch, 0);
                assertThat(writer().cut(SnapshotTrigger.REQUEST).orElseThrow().created()).isTrue();
            }
            // More records arrive, so serving the request again would cut a second snapshot.
            judge("02-hh-multiturn-prompt.jsonl", judged);

            Running scheduler = runScheduler(writer());
            assertThat(requester.awaitServed(sent, applicationId, SERVED_TIMEOUT)).isTrue();
            assertThat(publishedVersions()).as("the redelivered request is not served twice").containsExactly(1);

            requestAndAwait(requester);
            scheduler.stop();
        }
        assertThat(publishedVersions()).as("a new request is served").containsExactly(1, 2);
    }

    private static List<PendingRequest> pollUntilTaken(SnapshotRequestQueue queue) {
        long deadline = System.nanoTime() + SERVED_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            List<PendingRequest> batch = queue.poll(Duration.ofMillis(250));
            if (!batch.isEmpty()) {
                assertThat(queue.isLeader()).isTrue();
                return batch;
            }
        }
        throw new AssertionError("no request taken within " + SERVED_TIMEOUT);
    }

    @Test
    void shouldMakeWritersSharingADirectoryTakeTurns() throws Exception {
        freshTopics();
        try (IngestService service = new IngestService(kafka(), topics, ParserConfig.defaults(), applicationId,
                work.resolve("state"))) {
            service.start();
            judge("10-redelivered-duplicates.jsonl", 0);
        }
        Future<SnapshotManifest> waiting;
        try (SnapshotWriterLock held = store().lock()) {
            waiting = threads.submit(() -> writer().cut(SnapshotTrigger.REQUEST).orElseThrow().manifest());
            Thread.sleep(1_500);
            assertThat(waiting).as("a cut waits while another writer holds the lock").isNotDone();
        }
        Future<SnapshotManifest> second = threads.submit(
                () -> writer().cut(SnapshotTrigger.REQUEST).orElseThrow().manifest());

        assertThat(waiting.get(60, TimeUnit.SECONDS).version()).isEqualTo(1);
        assertThat(second.get(60, TimeUnit.SECONDS).version()).isEqualTo(1);
        assertThat(publishedVersions()).containsExactly(1);
    }
}

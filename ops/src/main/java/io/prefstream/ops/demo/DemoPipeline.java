package io.prefstream.ops.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.prefstream.ingest.app.IngestService;
import io.prefstream.ingest.app.IngestTopics;
import io.prefstream.ingest.app.KafkaSettings;
import io.prefstream.ingest.app.TopicProvisioner;
import io.prefstream.ingest.importer.FileImporter;
import io.prefstream.ingest.importer.ImportSummary;
import io.prefstream.ingest.kafka.OutcomeCounter;
import io.prefstream.ingest.metrics.SnapshotMeters;
import io.prefstream.ingest.snapshot.SnapshotStore;
import io.prefstream.ingest.snapshot.SnapshotWriter;
import io.prefstream.ops.broker.Cluster;
import io.prefstream.schemas.Topics;
import io.prefstream.trainer.app.TrainerConfig;
import io.prefstream.trainer.service.TrainerService;
import io.prefstream.trainer.service.TrainingOutcome;

/**
 * The main job, end to end: broker, import, ingest, snapshot, training rounds. Each stage is
 * the same code the long-running services use; the pipeline only sequences them and waits for
 * each to finish.
 */
public final class DemoPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(DemoPipeline.class);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(3);

    private final DemoOptions options;
    private final MeterRegistry registry;

    /** Creates the pipeline with meters that nobody reads. */
    public DemoPipeline(DemoOptions options) {
        // A composite registry with no members is Micrometer's no-op registry.
        this(options, new CompositeMeterRegistry());
    }

    /**
     * Creates the pipeline.
     *
     * @param options settings of the run
     * @param registry where the ingest, snapshot, trainer and Kafka client meters go; one run per registry
     */
    public DemoPipeline(DemoOptions options, MeterRegistry registry) {
        this.options = options;
        this.registry = registry;
    }

    /**
     * Runs every stage and returns what each produced.
     *
     * @throws IOException when the input or a snapshot cannot be read or written
     */
    public DemoReport run() throws IOException {
        StageClock clock = new StageClock();
        prepareWorkDir();
        IngestTopics topics = IngestTopics.defaults();
        clock.start("broker");
        try (Cluster cluster = options.bootstrapServers() == null
                ? Cluster.embedded(options.workDir(), Map.of())
                : Cluster.external(KafkaSettings.of(options.bootstrapServers()))) {
            cluster.provision(topics, Topics.CHECKPOINTS, TopicProvisioner.singleNode());
            KafkaSettings kafka = cluster.settings();
            ImportSummary imported;
            OutcomeCounter.Totals totals;
            try (IngestService ingest = new IngestService(kafka, topics, options.parserConfig(),
                    options.idCollision(), options.applicationId(), options.workDir().resolve("streams-state"),
                    registry);
                    KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(ingest.streams());
                    OutcomeCounter counter = new OutcomeCounter(kafka, topics)) {
                streamsMetrics.bindTo(registry);
                ingest.start();
                clock.start("import");
                imported = new FileImporter(kafka, topics, options.parserConfig().maxRecordBytes())
                        .importFile(options.input(), null);
                clock.start("ingest");
                totals = awaitOutcomes(counter, imported.judged());
            }
            clock.start("snapshot");
            SnapshotMeters snapshotMeters = new SnapshotMeters();
            snapshotMeters.bindTo(registry);
            SnapshotWriter writer = new SnapshotWriter(kafka, topics,
                    new SnapshotStore(options.workDir().resolve("snapshots")), options.evalFraction(), snapshotMeters)
                    .withConflictPolicy(options.conflictPolicy());
            SnapshotWriter.Result snapshot = writer.cut()
                    .orElseThrow(() -> new IllegalStateException("no record was accepted; nothing to train on"));
            clock.start("train");
            List<TrainingOutcome.Round> rounds = train(kafka);
            clock.stop();
            return new DemoReport(options.input(), imported, totals, snapshot, rounds, clock.millis(), clock.format());
        }
    }

    private List<TrainingOutcome.Round> train(KafkaSettings kafka) {
        TrainerConfig config = options.trainerConfig();
        try (TrainerService trainer = new TrainerService(kafka.properties(Map.of()), config,
                options.workDir().resolve("checkpoints"), Topics.SNAPSHOTS, Topics.CHECKPOINTS,
                options.applicationId() + "-trainer", 1, registry);
                KafkaClientMetrics consumerMetrics = trainer.consumerMetrics()) {
            consumerMetrics.bindTo(registry);
            Optional<TrainingOutcome> outcome = trainer.processNext(Duration.ofMinutes(2));
            return outcome.orElseThrow(() -> new IllegalStateException(
                    "the trainer received no snapshot announcement within 2 minutes")).rounds();
        }
    }

    private OutcomeCounter.Totals awaitOutcomes(OutcomeCounter counter, long expected) {
        Instant deadline = Instant.now().plus(options.ingestTimeout());
        Instant nextProgress = Instant.now().plus(PROGRESS_EVERY);
        OutcomeCounter.Totals totals = counter.poll();
        while (totals.total() < expected) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(String.format(
                        "ingest judged only %d of %d records within %d s", totals.total(), expected,
                        options.ingestTimeout().toSeconds()));
            }
            if (Instant.now().isAfter(nextProgress)) {
                LOG.info("ingest progress: {}/{} judged ({} accepted, {} duplicates, {} dead-lettered)",
                        totals.total(), expected, totals.accepted(), totals.duplicates(), totals.deadLettered());
                nextProgress = Instant.now().plus(PROGRESS_EVERY);
            }
            totals = counter.poll();
        }
        LOG.info("ingest done: {} judged ({} accepted, {} duplicates, {} dead-lettered)", totals.total(),
                totals.accepted(), totals.duplicates(), totals.deadLettered());
        return totals;
    }

    private void prepareWorkDir() throws IOException {
        Path dir = options.workDir();
        if (Files.exists(dir)) {
            LOG.info("demo: clearing previous run in {}", dir.toAbsolutePath());
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
    }
}

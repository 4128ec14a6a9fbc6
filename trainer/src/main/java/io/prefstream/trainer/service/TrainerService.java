package io.prefstream.trainer.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import io.prefstream.schemas.serde.AvroSerde;
import io.prefstream.schemas.serde.AvroSerdes;
import io.prefstream.schemas.snapshot.SnapshotReader;
import io.prefstream.schemas.v1.SnapshotAnnouncement;
import io.prefstream.trainer.app.SpacTrainingRun;
import io.prefstream.trainer.app.StepListener;
import io.prefstream.trainer.app.TrainerConfig;
import io.prefstream.trainer.app.TrainingStage;
import io.prefstream.trainer.checkpoint.CheckpointLayout;
import io.prefstream.trainer.metrics.RoundMeters;
import io.prefstream.trainer.metrics.StepMeters;
import io.prefstream.trainer.round.RoundReport;

/**
 * The trainer as a service: consumes snapshot announcements with a consumer group, trains on
 * each new snapshot once, and announces every checkpoint.
 *
 * <p>Idempotent on replays: a snapshot whose run completed is recorded under
 * {@code <checkpoint root>/completed/<snapshot id>} and skipped when announced again. The
 * offset of an announcement is committed only after its run completes, so a crash mid-run
 * means the announcement is delivered again and the run resumes after its last published
 * round. Snapshots with fewer new records than the configured minimum are skipped (the first
 * snapshot is always trained).
 *
 * <p>Not thread-safe. The caller owns the service and must close it.
 */
public final class TrainerService implements AutoCloseable {

    /** Default consumer group id. */
    public static final String DEFAULT_GROUP_ID = "prefstream-trainer";

    private static final Logger LOG = LoggerFactory.getLogger(TrainerService.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final String COMPLETED_DIR = "completed";

    private final KafkaConsumer<String, byte[]> consumer;
    private final CheckpointPublisher publisher;
    private final TrainerConfig config;
    private final Path checkpointRoot;
    private final String snapshotTopic;
    private final long minNewRecords;
    private final RoundMeters meters = new RoundMeters();
    private final StepMeters steps = new StepMeters();
    private final AvroSerde<SnapshotAnnouncement> announcements = AvroSerdes.snapshotAnnouncement();

    /**
     * Creates the service; it subscribes at once and starts from the earliest announcement its
     * group has not yet committed.
     *
     * @param kafka base client properties (bootstrap servers, security settings)
     * @param config training settings
     * @param checkpointRoot where checkpoints go
     * @param snapshotTopic the snapshot announcement topic
     * @param checkpointTopic the checkpoint announcement topic
     * @param groupId consumer group id, default {@value #DEFAULT_GROUP_ID}
     * @param minNewRecords retrain only when a snapshot brings at least this many new records (default 1)
     */
    public TrainerService(Properties kafka, TrainerConfig config, Path checkpointRoot, String snapshotTopic,
            String checkpointTopic, String groupId, long minNewRecords) {
        // A composite registry with no members is Micrometer's no-op registry.
        this(kafka, config, checkpointRoot, snapshotTopic, checkpointTopic, groupId, minNewRecords,
                new CompositeMeterRegistry());
    }

    /**
     * Creates the service as above and binds its round and step meters to a registry; the consumer's own
     * Kafka metrics are bound by the caller through {@link #consumerMetrics()}.
     *
     * @param kafka base client properties (bootstrap servers, security settings)
     * @param config training settings
     * @param checkpointRoot where checkpoints go
     * @param snapshotTopic the snapshot announcement topic
     * @param checkpointTopic the checkpoint announcement topic
     * @param groupId consumer group id, default {@value #DEFAULT_GROUP_ID}
     * @param minNewRecords retrain only when a snapshot brings at least this many new records (default 1)
     * @param registry where the meters go; one service per registry
     */
    public TrainerService(Properties kafka, TrainerConfig config, Path checkpointRoot, String snapshotTopic,
            String checkpointTopic, String groupId, long minNewRecords, MeterRegistry registry) {
        meters.bindTo(registry);
        steps.bindTo(registry);
        latestCheckpointTime(checkpointRoot).ifPresent(meters::checkpointFound);
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        // A training run holds the consumer far longer than the default five-minute poll interval.
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofHours(6).toMillis());
        props.put(ConsumerConfig.CONNECTIONS_MAX_IDLE_MS_CONFIG, (int) Duration.ofHours(6).toMillis());
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.publisher = new CheckpointPublisher(kafka, checkpointTopic);
        this.config = config;
        this.checkpointRoot = checkpointRoot;
        this.snapshotTopic = snapshotTopic;
        this.minNewRecords = minNewRecords;
        consumer.subscribe(List.of(snapshotTopic));
    }

    /**
     * Returns a binder of the announcement consumer's Kafka metrics; the caller binds it and must close it.
     */
    public KafkaClientMetrics consumerMetrics() {
        return new KafkaClientMetrics(consumer);
    }

    /**
     * Waits for the next announcement that needs training and trains on it; announcements that
     * need none (already trained, too few new records) are committed and passed over.
     *
     * @param timeout how long to wait for an announcement
     * @return what the run produced, or empty when no announcement needing training arrived in time
     */
    public Optional<TrainingOutcome> processNext(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                Optional<TrainingOutcome> outcome = handle(announcements.decode(snapshotTopic, record.value()));
                consumer.commitSync();
                if (outcome.isPresent()) {
                    return outcome;
                }
            }
        }
        return Optional.empty();
    }

    /** Trains on every announcement as it arrives until {@code stop} says so. */
    public void runUntil(BooleanSupplier stop) {
        while (!stop.getAsBoolean()) {
            processNext(POLL.multipliedBy(4));
        }
    }

    private Optional<TrainingOutcome> handle(SnapshotAnnouncement announcement) {
        String snapshotId = announcement.getSnapshotId();
        Path marker = checkpointRoot.resolve(COMPLETED_DIR).resolve(snapshotId);
        if (Files.exists(marker)) {
            LOG.info("snapshot {} already trained (see {}); skipping the repeated announcement", snapshotId, marker);
            return Optional.empty();
        }
        if (announcement.getParentVersion() > 0 && announcement.getNewCount() < minNewRecords) {
            LOG.info("snapshot {} brings {} new records, fewer than the minimum {}; not retraining", snapshotId,
                    announcement.getNewCount(), minNewRecords);
            return Optional.empty();
        }
        StepListener reporter = StepListener.firstFailureOnly(steps);
        try {
            SnapshotReader.Snapshot snapshot = SnapshotReader.read(Path.of(announcement.getLocation()));
            if (!snapshot.manifestSha256().equals(announcement.getManifestSha256())) {
                throw new IllegalStateException(String.format("snapshot %s at %s has manifest sha256 %s, but was"
                        + " announced with %s", snapshotId, announcement.getLocation(), snapshot.manifestSha256(),
                        announcement.getManifestSha256()));
            }
            LOG.info("training on snapshot {} ({} records, manifest sha256 {})", snapshotId,
                    snapshot.records().size(), snapshot.manifestSha256());
            Set<String> announced = new HashSet<>();
            List<RoundReport> reports = new SpacTrainingRun(reporter).run(snapshot, config, checkpointRoot, report -> {
                announce(snapshot, report);
                announced.add(report.checkpointId());
                meters.onRound(report);
            });
            // Rounds published before a crash come back from the checkpoints without passing the
            // listener; announcing them again is harmless (consumers key on the checkpoint id) and
            // covers a crash between publishing a round and announcing it.
            reports.stream().filter(r -> !announced.contains(r.checkpointId())).forEach(r -> announce(snapshot, r));
            markCompleted(marker);
            return Optional.of(new TrainingOutcome(snapshotId,
                    reports.stream().map(TrainerService::summarise).toList()));
        } catch (IOException e) {
            // a failure inside the run was counted under its stage already; this counts one before or after it
            reporter.onFailure(TrainingStage.TRAINING);
            throw new UncheckedIOException("cannot train on snapshot " + snapshotId, e);
        } catch (RuntimeException e) {
            reporter.onFailure(TrainingStage.TRAINING);
            LOG.error("training on snapshot {} failed: {}", snapshotId, e.getMessage());
            throw e;
        }
    }

    /** The {@code latest} pointer is replaced atomically on each publish, so its time is the last publish. */
    private static Optional<Instant> latestCheckpointTime(Path checkpointRoot) {
        Path pointer = checkpointRoot.resolve(CheckpointLayout.LATEST);
        try {
            return Files.exists(pointer) ? Optional.of(Files.getLastModifiedTime(pointer).toInstant())
                    : Optional.empty();
        } catch (IOException e) {
            // Only the age gauge depends on it: it stays unknown until the next round.
            LOG.warn("cannot read the time of {}; checkpoint age unknown until the next round", pointer, e);
            return Optional.empty();
        }
    }

    private void announce(SnapshotReader.Snapshot snapshot, RoundReport report) {
        publisher.announce(CheckpointPublisher.announcement(report.checkpointId(), report.round(),
                snapshot.manifest().snapshotId(), snapshot.manifestSha256(), report.parentCheckpoint(),
                report.checkpointPath().toAbsolutePath().toString(), report.metrics()));
    }

    private static TrainingOutcome.Round summarise(RoundReport report) {
        return new TrainingOutcome.Round(report.round(), report.checkpointId(), report.checkpointPath(),
                report.loss(), report.metrics().getOrDefault(RoundReport.EVAL_REWARD_ACCURACY_METRIC, Double.NaN),
                report.metrics().getOrDefault(RoundReport.EVAL_MARGIN_METRIC, Double.NaN),
                report.duration().toMillis() / 1000.0, report.metrics(), report.samples());
    }

    private static void markCompleted(Path marker) throws IOException {
        Files.createDirectories(marker.getParent());
        Path tmp = marker.resolveSibling(marker.getFileName() + ".tmp");
        Files.writeString(tmp, Instant.now() + "\n");
        Files.move(tmp, marker, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        consumer.close();
        publisher.close();
    }
}

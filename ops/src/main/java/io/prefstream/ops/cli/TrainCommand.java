package io.prefstream.ops.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.prefstream.ops.metrics.MetricsEndpoint;
import io.prefstream.ops.metrics.MetricsOptions;
import io.prefstream.ops.metrics.ServiceTags;
import io.prefstream.schemas.Topics;
import io.prefstream.schemas.snapshot.SnapshotReader;
import io.prefstream.trainer.app.SpacTrainingRun;
import io.prefstream.trainer.app.TrainerConfig;
import io.prefstream.trainer.metrics.RoundMeters;
import io.prefstream.trainer.metrics.StepMeters;
import io.prefstream.trainer.service.TrainerService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code prefstream train}: the trainer service, or one run on a snapshot directory. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Run the trainer service (train on each announced snapshot, announce checkpoints) until"
                + " stopped, or with --snapshot train once on a snapshot directory without Kafka.")
final class TrainCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);
    /**
     * How long a stop waits for the service to close. The service notices a stop between snapshots; a round in
     * progress does not wait for it and resumes after its last published round on the next start.
     */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(15);
    private static final String SNAPSHOTS_DIR = "snapshots";
    private static final String CHECKPOINTS_DIR = "checkpoints";

    @Mixin
    KafkaOptions kafka;

    @Mixin
    TrainerOptions trainer;

    @Mixin
    MetricsOptions metrics;

    @Option(names = "--snapshot", paramLabel = "DIR", description = "Train once on this snapshot directory and exit;"
            + " checkpoints go beside its data directory (D/checkpoints for D/snapshots/vNNNNNN).")
    Path snapshot;

    @Option(names = "--group-id", defaultValue = TrainerService.DEFAULT_GROUP_ID,
            description = "Consumer group of the service (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Option(names = "--min-new-records", defaultValue = "1", converter = OptionRanges.NonNegativeLong.class,
            description = "Retrain only when a snapshot brings at least this many new records; 0 retrains on every"
                    + " snapshot, one that only leaves out deleted records included (default: ${DEFAULT-VALUE}).")
    long minNewRecords;

    @Override
    public Integer call() throws Exception {
        TrainerConfig config = trainer.config();
        Path checkpoints = kafka.dataDir.resolve(CHECKPOINTS_DIR);
        if (snapshot != null) {
            return trainOnce(config, checkpointsFor(snapshot, checkpoints));
        }
        GracefulStop stop = GracefulStop.install("trainer service", SHUTDOWN_GRACE);
        try (MetricsEndpoint endpoint = metrics.open(ServiceTags.TRAINER);
                TrainerService service = new TrainerService(kafka.existingCluster().properties(java.util.Map.of()),
                        config, checkpoints, Topics.SNAPSHOTS, Topics.CHECKPOINTS, groupId, minNewRecords,
                        endpoint.registry());
                KafkaClientMetrics consumerMetrics = service.consumerMetrics()) {
            consumerMetrics.bindTo(endpoint.registry());
            System.out.println("trainer service running; waiting for snapshot announcements (Ctrl-C to stop)");
            service.runUntil(stop::isRequested);
            LOG.info("trainer service stopping: closing its consumer, producer and metrics endpoint");
        } finally {
            stop.closed();
        }
        LOG.info("trainer service stopped");
        return ExitCodes.OK;
    }

    /**
     * Returns where a run on a snapshot directory publishes its checkpoints: beside the snapshot's
     * own data directory when it lies in one ({@code D/snapshots/vNNNNNN} trains into
     * {@code D/checkpoints}), else in the given directory. Checkpoints are named by snapshot id,
     * and ids are numbered per data directory, so training another directory's {@code v000001}
     * into this one's checkpoints would collide with this one's {@code v000001}.
     */
    static Path checkpointsFor(Path snapshot, Path fallback) {
        Path parent = snapshot.toAbsolutePath().normalize().getParent();
        if (parent != null && parent.getFileName() != null
                && parent.getFileName().toString().equals(SNAPSHOTS_DIR) && parent.getParent() != null) {
            return parent.getParent().resolve(CHECKPOINTS_DIR);
        }
        return fallback;
    }

    private int trainOnce(TrainerConfig config, Path checkpoints) throws Exception {
        System.out.println("checkpoints go to " + checkpoints.toAbsolutePath().normalize());
        try (MetricsEndpoint endpoint = metrics.open(ServiceTags.TRAINER)) {
            RoundMeters meters = new RoundMeters();
            meters.bindTo(endpoint.registry());
            StepMeters steps = new StepMeters();
            steps.bindTo(endpoint.registry());
            var reports = new SpacTrainingRun(steps).run(SnapshotReader.read(snapshot), config, checkpoints, meters);
            reports.forEach(r -> System.out.printf("round %d: loss %.4f, checkpoint %s%n", r.round(), r.loss(),
                    r.checkpointPath()));
            return ExitCodes.OK;
        }
    }
}

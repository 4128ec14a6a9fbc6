package io.prefstream.ops.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.prefstream.schemas.Topics;
import io.prefstream.schemas.snapshot.SnapshotReader;
import io.prefstream.trainer.app.RoundListener;
import io.prefstream.trainer.app.SpacTrainingRun;
import io.prefstream.trainer.app.TrainerConfig;
import io.prefstream.trainer.service.TrainerService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code prefstream train}: the trainer service, or one run on a snapshot directory. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Run the trainer service (train on each announced snapshot, announce checkpoints) until"
                + " stopped, or with --snapshot train once on a snapshot directory without Kafka.")
final class TrainCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    TrainerOptions trainer;

    @Option(names = "--snapshot", paramLabel = "DIR", description = "Train once on this snapshot directory and exit.")
    Path snapshot;

    @Option(names = "--group-id", defaultValue = TrainerService.DEFAULT_GROUP_ID,
            description = "Consumer group of the service (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Option(names = "--min-new-records", defaultValue = "1",
            description = "Retrain only when a snapshot brings at least this many new records (default: ${DEFAULT-VALUE}).")
    long minNewRecords;

    @Override
    public Integer call() throws Exception {
        TrainerConfig config = trainer.config();
        Path checkpoints = kafka.dataDir.resolve("checkpoints");
        if (snapshot != null) {
            var reports = new SpacTrainingRun().run(SnapshotReader.read(snapshot), config, checkpoints,
                    RoundListener.NONE);
            reports.forEach(r -> System.out.printf("round %d: loss %.4f, checkpoint %s%n", r.round(), r.loss(),
                    r.checkpointPath()));
            return ExitCodes.OK;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "trainer-stop"));
        try (TrainerService service = new TrainerService(kafka.existingCluster().properties(java.util.Map.of()),
                config, checkpoints, Topics.SNAPSHOTS, Topics.CHECKPOINTS, groupId, minNewRecords)) {
            System.out.println("trainer service running; waiting for snapshot announcements (Ctrl-C to stop)");
            service.runUntil(() -> stop.getCount() == 0);
        }
        return ExitCodes.OK;
    }
}

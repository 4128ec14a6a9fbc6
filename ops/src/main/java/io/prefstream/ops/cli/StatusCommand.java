package io.prefstream.ops.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.prefstream.ingest.app.IngestTopics;
import io.prefstream.ingest.kafka.TopicScan;
import io.prefstream.ingest.snapshot.SnapshotStore;
import io.prefstream.ops.broker.BrokerAddress;
import io.prefstream.schemas.Topics;
import io.prefstream.schemas.snapshot.SnapshotLayout;
import io.prefstream.schemas.snapshot.SnapshotManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code prefstream status}: topics, snapshots and checkpoints at a glance. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show topic end offsets, published snapshots with their counts, and the latest checkpoint.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        if (kafka.bootstrapServers == null && !Files.isDirectory(kafka.dataDir)) {
            // Likely a mistyped path: reporting it as an installation with no snapshots would hide that.
            throw new IllegalArgumentException("no data directory at " + kafka.dataDir.toAbsolutePath()
                    + " (give the --data-dir that ingest, import or demo used)");
        }
        IngestTopics topics = IngestTopics.defaults();
        Optional<String> recorded = kafka.bootstrapServers == null ? BrokerAddress.read(kafka.dataDir)
                : Optional.empty();
        if (kafka.bootstrapServers == null && recorded.isPresent() && !BrokerAddress.isListening(recorded.get())) {
            // What a killed ingest or demo leaves behind: the files are still worth showing.
            System.out.println(kafka.staleBroker(recorded.get()) + "; showing files only");
        } else if (kafka.bootstrapServers != null || recorded.isPresent()) {
            try (TopicScan scan = new TopicScan(kafka.existingCluster())) {
                System.out.println("topics (end offset per partition):");
                for (String topic : List.of(topics.raw(), topics.accepted(), topics.duplicates(), topics.deadLetter(),
                        topics.deletions(), topics.snapshots(), topics.snapshotRequests(), Topics.CHECKPOINTS)) {
                    System.out.printf("  %-24s %s%n", topic, scan.endOffsets(topic));
                }
            }
        } else {
            System.out.println("no broker running for " + kafka.dataDir.toAbsolutePath() + "; showing files only");
        }
        System.out.println("snapshots:");
        List<Path> snapshots = new SnapshotStore(kafka.dataDir.resolve("snapshots")).published();
        if (snapshots.isEmpty()) {
            System.out.println("  (none)");
        }
        for (Path dir : snapshots) {
            SnapshotManifest m = SnapshotManifest.read(SnapshotLayout.manifest(dir));
            System.out.printf("  %s  records %d (new %d, train %d, eval %d)  duplicates %d  dead-lettered %d%n",
                    m.snapshotId(), m.counts().records(), m.counts().newRecords(), m.counts().train(),
                    m.counts().eval(), m.counts().duplicates(), m.counts().deadLettered());
        }
        Path latest = kafka.dataDir.resolve("checkpoints").resolve("latest");
        System.out.println("latest checkpoint: " + (java.nio.file.Files.exists(latest)
                ? java.nio.file.Files.readString(latest).strip() : "(none)"));
        return ExitCodes.OK;
    }
}

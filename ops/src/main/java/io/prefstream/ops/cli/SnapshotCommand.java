package io.prefstream.ops.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.prefstream.ingest.app.IngestService;
import io.prefstream.ingest.app.IngestTopics;
import io.prefstream.ingest.app.KafkaSettings;
import io.prefstream.ingest.schedule.SnapshotRequester;
import io.prefstream.ingest.snapshot.SnapshotStore;
import io.prefstream.ingest.snapshot.SnapshotWriter;
import io.prefstream.schemas.v1.SnapshotAnnouncement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code prefstream snapshot}: cuts a snapshot now, or asks the running ingest service for one. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Cut a snapshot of everything accepted so far, publish it and announce it; with --request,"
                + " ask the running ingest service to cut it instead.")
final class SnapshotCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    SnapshotOptions snapshotOptions;

    @Option(names = "--request",
            description = "Send a request to the snapshot request topic; the ingest instance that writes snapshots"
                    + " cuts one (nothing if nothing changed since the latest). Snapshot options are the service's.")
    boolean request;

    @Option(names = "--wait-seconds", defaultValue = "120", converter = OptionRanges.NonNegativeLong.class,
            description = "With --request: how long to wait for the service to serve it (default: ${DEFAULT-VALUE};"
                    + " 0 returns at once).")
    long waitSeconds;

    @Option(names = "--application-id", defaultValue = IngestService.DEFAULT_APPLICATION_ID,
            description = "With --request: the ingest service's application id (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Override
    public Integer call() throws Exception {
        return request ? requestSnapshot(kafka.existingCluster()) : cutSnapshot(kafka.existingCluster());
    }

    private int cutSnapshot(KafkaSettings cluster) throws Exception {
        SnapshotWriter writer = new SnapshotWriter(cluster, IngestTopics.defaults(),
                new SnapshotStore(kafka.dataDir.resolve("snapshots")), snapshotOptions.evalFraction)
                .withConflictPolicy(snapshotOptions.conflictPolicy);
        writer.announcePending();
        Optional<SnapshotWriter.Result> result = writer.cut();
        if (result.isEmpty()) {
            System.out.println("no snapshot: nothing has been accepted yet");
            return ExitCodes.OK;
        }
        SnapshotWriter.Result r = result.get();
        System.out.printf("%s %s: %d records (%d new), manifest sha256 %s, at %s%n",
                r.created() ? "cut" : "unchanged", r.manifest().snapshotId(), r.manifest().counts().records(),
                r.manifest().counts().newRecords(), r.manifestSha256(), r.directory().toAbsolutePath());
        return ExitCodes.OK;
    }

    private int requestSnapshot(KafkaSettings cluster) {
        SnapshotRequester requester = new SnapshotRequester(cluster, IngestTopics.defaults());
        SnapshotRequester.Sent sent = requester.request();
        System.out.printf("snapshot request %s sent%n", sent.requestId());
        if (waitSeconds == 0) {
            return ExitCodes.OK;
        }
        if (!requester.awaitServed(sent, applicationId, Duration.ofSeconds(waitSeconds))) {
            System.err.printf("error: no ingest service (application id %s) served the request within %d s; it stays"
                    + " queued and is served when one runs%n", applicationId, waitSeconds);
            return ExitCodes.FAILED;
        }
        Optional<SnapshotAnnouncement> latest = requester.latestAnnouncement();
        if (latest.isEmpty()) {
            System.out.println("served: no snapshot, nothing has been accepted yet");
        } else {
            SnapshotAnnouncement a = latest.get();
            System.out.printf("served: latest snapshot %s: %d records (%d new), manifest sha256 %s, at %s%n",
                    a.getSnapshotId(), a.getRecordCount(), a.getNewCount(), a.getManifestSha256(), a.getLocation());
        }
        return ExitCodes.OK;
    }
}

package io.prefstream.ops.cli;

import java.util.Optional;
import java.util.concurrent.Callable;

import io.prefstream.ingest.app.IngestTopics;
import io.prefstream.ingest.snapshot.ConflictPolicy;
import io.prefstream.ingest.snapshot.SnapshotStore;
import io.prefstream.ingest.snapshot.SnapshotWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code prefstream snapshot}: cuts a snapshot now. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Cut a snapshot of everything accepted so far, publish it and announce it.")
final class SnapshotCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    SnapshotOptions snapshotOptions;

    @Override
    public Integer call() throws Exception {
        SnapshotWriter writer = new SnapshotWriter(kafka.existingCluster(), IngestTopics.defaults(),
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
}

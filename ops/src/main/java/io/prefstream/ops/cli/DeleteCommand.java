package io.prefstream.ops.cli;

import java.util.concurrent.Callable;

import io.prefstream.ingest.app.IngestTopics;
import io.prefstream.ingest.snapshot.DeletionRequester;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code prefstream delete}: asks that records be left out of every later snapshot. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Request deletion of a record (by id) or of all records of an annotator; the next snapshot"
                + " leaves them out and counts them in its manifest.")
final class DeleteCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Reason, kept for audit on the deletions topic.")
    String reason;

    static final class Target {
        @Option(names = "--record-id", paramLabel = "ID", description = "The id of the record to delete.")
        String recordId;

        @Option(names = "--annotator-id", paramLabel = "ID", description = "Delete every record of this annotator.")
        String annotatorId;
    }

    @Override
    public Integer call() {
        String requestId = new DeletionRequester(kafka.existingCluster(), IngestTopics.defaults())
                .request(target.recordId, target.annotatorId, reason);
        System.out.printf("deletion request %s sent; the next snapshot applies it%n", requestId);
        return ExitCodes.OK;
    }
}

package io.prefstream.ops.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.prefstream.ops.report.TrainingReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code prefstream report}: an HTML page of training and eval curves across rounds and snapshots. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a self-contained HTML page with the training and eval curves of every checkpoint.")
final class ReportCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--checkpoints", paramLabel = "DIR",
            description = "Checkpoint directory to read (default: DATA_DIR/checkpoints; the demo's is"
                    + " DATA_DIR/demo/checkpoints).")
    Path checkpoints;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "prefstream-report.html",
            description = "Where to write the page (default: ${DEFAULT-VALUE}).")
    Path output;

    @Override
    public Integer call() throws Exception {
        Path root = checkpoints != null ? checkpoints : kafka.dataDir.resolve("checkpoints");
        if (!Files.isDirectory(root)) {
            // Likely a mistyped path: an empty report would hide that.
            throw new IllegalArgumentException("no checkpoint directory at " + root.toAbsolutePath()
                    + "; the demo's are in DATA_DIR/demo/checkpoints (--checkpoints)");
        }
        int shown = TrainingReport.write(root, output);
        System.out.printf("wrote %s: %d checkpoints from %s%n", output.toAbsolutePath(), shown, root.toAbsolutePath());
        if (shown == 0) {
            System.err.println("no checkpoints found under " + root.toAbsolutePath() + "; the demo's are in"
                    + " DATA_DIR/demo/checkpoints (--checkpoints)");
        }
        return ExitCodes.OK;
    }
}

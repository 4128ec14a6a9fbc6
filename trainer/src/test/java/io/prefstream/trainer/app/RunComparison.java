package io.prefstream.trainer.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.prefstream.trainer.checkpoint.CheckpointLayout;
import io.prefstream.trainer.model.LanguageModel;
import io.prefstream.trainer.round.RoundReport;

/** What two runs are compared on: reports without durations, and the saved parameter bytes. */
final class RunComparison {

    /** File name of a checkpoint's parameters. */
    static final String PARAMETERS = LanguageModel.PARAMETERS_NAME + "-0000.params";

    private RunComparison() {
    }

    /** Returns each report's identity, steps, loss, metrics and samples, leaving out the wall-clock duration. */
    static List<Map<String, Object>> withoutDurations(List<RoundReport> reports) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RoundReport report : reports) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("checkpoint", report.checkpointId());
            row.put("parent", report.parentCheckpoint());
            row.put("steps", report.steps());
            row.put("loss", report.loss());
            Map<String, Double> metrics = new LinkedHashMap<>(report.metrics());
            metrics.remove(RoundReport.DURATION_METRIC);
            row.put("metrics", metrics);
            row.put("samples", report.samples());
            rows.add(row);
        }
        return rows;
    }

    /** Returns the parameter file of a checkpoint directory. */
    static byte[] parameters(Path checkpoint) throws IOException {
        return Files.readAllBytes(checkpoint.resolve(PARAMETERS));
    }

    /** Returns the names of the staging entries under a checkpoint root. */
    static List<String> stagingEntries(Path root) throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith(CheckpointLayout.STAGING_PREFIX))
                    .toList();
        }
    }
}

package io.prefstream.ops.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import io.prefstream.trainer.checkpoint.CheckpointReader;
import io.prefstream.trainer.round.RoundReport;

/**
 * Writes a self-contained HTML page (inline SVG, no scripts, no external files) with the
 * training and eval curves of every checkpoint under a checkpoint root, in snapshot and round
 * order, for users who do not run Grafana.
 */
public final class TrainingReport {

    /** The curves drawn, by metric name, with their titles. */
    static final List<String[]> CURVES = List.of(
            new String[] {RoundReport.EVAL_REWARD_ACCURACY_METRIC, "Held-out implicit-reward accuracy"},
            new String[] {RoundReport.EVAL_MARGIN_METRIC, "Held-out reward margin"},
            new String[] {RoundReport.EVAL_KL_METRIC, "KL(policy || reference) estimate"},
            new String[] {RoundReport.EVAL_JUDGE_WIN_RATE_METRIC, "Judged win-rate against the warm start"},
            new String[] {RoundReport.SAMPLE_LENGTH_METRIC, "Mean sampled response length (tokens)"},
            new String[] {RoundReport.TRAIN_LOSS_METRIC, "Training loss (round 0: token cross-entropy)"});

    private TrainingReport() {
    }

    /** Reads every published checkpoint's report under the root, ordered by snapshot then round. */
    public static List<RoundReport> read(Path checkpointRoot) throws IOException {
        List<RoundReport> reports = new ArrayList<>();
        if (!Files.isDirectory(checkpointRoot)) {
            return reports;
        }
        try (Stream<Path> dirs = Files.list(checkpointRoot)) {
            for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve("report.json"))).toList()) {
                reports.add(CheckpointReader.readReport(dir));
            }
        }
        reports.sort(Comparator.comparing(RoundReport::snapshotId).thenComparingInt(RoundReport::round));
        return reports;
    }

    /**
     * Writes the page.
     *
     * @return the number of checkpoints shown
     */
    public static int write(Path checkpointRoot, Path output) throws IOException {
        List<RoundReport> reports = read(checkpointRoot);
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>prefstream training report</title><style>body{font-family:sans-serif;margin:2em}"
                + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
                + "svg{border:1px solid #ddd;margin:0.5em 0}</style></head><body>\n"
                + "<h1>prefstream training report</h1>\n");
        if (reports.isEmpty()) {
            html.append("<p>No checkpoints under ").append(escape(checkpointRoot.toString())).append(".</p>\n");
        }
        for (String[] curve : CURVES) {
            html.append("<h2>").append(curve[1]).append("</h2>\n").append(SvgChart.lines(reports, curve[0]));
        }
        html.append(table(reports)).append("</body></html>\n");
        Files.writeString(output, html, StandardCharsets.UTF_8);
        return reports.size();
    }

    private static String table(List<RoundReport> reports) {
        StringBuilder table = new StringBuilder("<h2>Rounds</h2>\n<table><tr><th>checkpoint</th><th>snapshot</th>"
                + "<th>round</th><th>steps</th><th>loss</th>");
        CURVES.forEach(c -> table.append("<th>").append(c[0]).append("</th>"));
        table.append("</tr>\n");
        for (RoundReport r : reports) {
            table.append("<tr><td>").append(escape(r.checkpointId())).append("</td><td>")
                    .append(escape(r.snapshotId())).append("</td><td>").append(r.round()).append("</td><td>")
                    .append(r.steps()).append("</td><td>").append(format(r.loss())).append("</td>");
            CURVES.forEach(c -> table.append("<td>").append(format(r.metrics().getOrDefault(c[0], Double.NaN)))
                    .append("</td>"));
            table.append("</tr>\n");
        }
        return table.append("</table>\n").toString();
    }

    static String format(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.4f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

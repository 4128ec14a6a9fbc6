package io.prefstream.ops.report;

import java.util.List;
import java.util.Locale;

import io.prefstream.trainer.round.RoundReport;

/** Draws one metric across checkpoints as an inline SVG line chart with labelled points. */
final class SvgChart {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 220;
    private static final int MARGIN = 40;

    private SvgChart() {
    }

    /** Returns the chart, or a short note when no checkpoint reports the metric. */
    static String lines(List<RoundReport> reports, String metric) {
        List<double[]> points = new java.util.ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            double value = reports.get(i).metrics().getOrDefault(metric, Double.NaN);
            if (!Double.isNaN(value) && !Double.isInfinite(value)) {
                points.add(new double[] {i, value});
            }
        }
        if (points.isEmpty()) {
            return "<p>No data.</p>\n";
        }
        double min = points.stream().mapToDouble(p -> p[1]).min().orElse(0);
        double max = points.stream().mapToDouble(p -> p[1]).max().orElse(1);
        double span = max - min == 0 ? 1 : max - min;
        int count = Math.max(1, reports.size() - 1);
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">",
                WIDTH, HEIGHT, TrainingReport.escape(metric)));
        svg.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"14\" font-size=\"11\">%s</text>"
                + "<text x=\"4\" y=\"%d\" font-size=\"11\">%s</text>", TrainingReport.format(max), HEIGHT - MARGIN,
                TrainingReport.format(min)));
        StringBuilder path = new StringBuilder();
        for (double[] p : points) {
            double x = MARGIN + p[0] / count * (WIDTH - 2 * MARGIN);
            double y = HEIGHT - MARGIN - (p[1] - min) / span * (HEIGHT - 2 * MARGIN);
            path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
            String label = TrainingReport.escape(reports.get((int) p[0]).checkpointId());
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\"><title>%s: %s</title>"
                    + "</circle><text x=\"%.1f\" y=\"%d\" font-size=\"9\" text-anchor=\"middle\">%s</text>", x, y,
                    label, TrainingReport.format(p[1]), x, HEIGHT - MARGIN / 2, label));
        }
        svg.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"#3366cc\" stroke-width=\"2\"/>");
        return svg.append("</svg>\n").toString();
    }
}

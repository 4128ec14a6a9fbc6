package io.prefstream.ops.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Formats benchmark rows as a fixed-width text table, one row per figure. */
public final class BenchTable {

    private static final String[] HEADER = {"figure", "value", "unit", "anchor", "anchor value", "ratio", "target",
        "met"};

    private BenchTable() {
    }

    /** Returns the table, header first, columns separated by two spaces, each line ending in a line break. */
    public static String format(List<BenchRow> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(HEADER);
        for (BenchRow row : rows) {
            cells.add(new String[] {row.name(), number(row.value()), row.unit(), row.anchorName(),
                Double.isNaN(row.anchorValue()) ? "-" : number(row.anchorValue()), Double.isNaN(row.ratio()) ? "-" : String.format(Locale.ROOT, "%.2fx",
                        row.ratio()), row.target() == null ? "-" : row.target().describe(),
                row.target() == null ? "-" : row.meetsTarget() ? "yes" : "NO"});
        }
        int[] widths = new int[HEADER.length];
        for (String[] line : cells) {
            for (int c = 0; c < line.length; c++) {
                widths[c] = Math.max(widths[c], line[c].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] line : cells) {
            for (int c = 0; c < line.length; c++) {
                text.append(c == 0 ? "" : "  ").append(String.format("%-" + widths[c] + "s", line[c]));
            }
            text.setLength(text.length() - trailingSpaces(text));
            text.append('\n');
        }
        return text.toString();
    }

    private static int trailingSpaces(StringBuilder text) {
        int count = 0;
        while (count < text.length() && text.charAt(text.length() - 1 - count) == ' ') {
            count++;
        }
        return count;
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "failed";
        }
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }
}

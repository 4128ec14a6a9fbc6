package io.prefstream.ops.bench;

/**
 * One benchmark figure, measured side by side with its anchor in the same run, so that the ratio
 * means something on any machine.
 *
 * @param name what was measured
 * @param value the figure; NaN when the measurement failed
 * @param unit its unit
 * @param anchorName what it is compared to
 * @param anchorValue the anchor's figure, in the same unit
 * @param ratio {@code value / anchorValue}
 * @param target the range the ratio should fall in; null for a figure reported without one
 */
public record BenchRow(String name, double value, String unit, String anchorName, double anchorValue, double ratio,
        Target target) {

    /** Creates a row whose ratio is {@code value / anchorValue}. */
    public static BenchRow of(String name, double value, String unit, String anchorName, double anchorValue,
            Target target) {
        return new BenchRow(name, value, unit, anchorName, anchorValue, value / anchorValue, target);
    }

    /** Returns whether the ratio falls in the target range; true for rows without a target. */
    public boolean meetsTarget() {
        return target == null || target.contains(ratio);
    }

    /**
     * The range a ratio should fall in, bounds inclusive.
     *
     * @param min smallest acceptable ratio (0 for none)
     * @param max largest acceptable ratio ({@link Double#POSITIVE_INFINITY} for none)
     */
    public record Target(double min, double max) {

        /** A ratio of at least {@code min}. */
        public static Target atLeast(double min) {
            return new Target(min, Double.POSITIVE_INFINITY);
        }

        /** A ratio of at most {@code max}. */
        public static Target atMost(double max) {
            return new Target(0, max);
        }

        /** A ratio within {@code fraction} of 1. */
        public static Target within(double fraction) {
            return new Target(1 - fraction, 1 + fraction);
        }

        /** Returns whether a ratio falls in the range; NaN never does. */
        public boolean contains(double ratio) {
            return ratio >= min && ratio <= max;
        }

        /** Returns the range as text: {@code >= 0.50x}, {@code <= 1.00x} or {@code 0.80x-1.20x}. */
        public String describe() {
            if (max == Double.POSITIVE_INFINITY) {
                return String.format(java.util.Locale.ROOT, ">= %.2fx", min);
            }
            if (min == 0) {
                return String.format(java.util.Locale.ROOT, "<= %.2fx", max);
            }
            return String.format(java.util.Locale.ROOT, "%.2fx-%.2fx", min, max);
        }
    }
}

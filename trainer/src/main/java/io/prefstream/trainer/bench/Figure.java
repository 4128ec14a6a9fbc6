package io.prefstream.trainer.bench;

/**
 * One benchmark figure measured side by side with its anchor in the same run.
 *
 * @param name what was measured
 * @param value the figure
 * @param unit its unit
 * @param anchor what it is compared to
 * @param anchorValue the anchor's figure, in the same unit; NaN where none was measured
 * @param target the smallest acceptable {@link #ratio()}, NaN for a figure reported without a target
 */
public record Figure(String name, double value, String unit, String anchor, double anchorValue, double target) {

    /** Returns value divided by anchor value, NaN without an anchor. */
    public double ratio() {
        return value / anchorValue;
    }

    /** Returns whether the ratio reaches the target; true for figures without a target. */
    public boolean meetsTarget() {
        return Double.isNaN(target) || ratio() >= target;
    }
}

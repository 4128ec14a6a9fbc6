package io.prefstream.trainer.round;

import java.util.Random;

/**
 * Derives independent, reproducible random streams from the run's seed.
 *
 * <p>Each (round, purpose) pair gets its own generator, so changing how much one stage draws
 * (for example more eval samples) does not shift the draws of another.
 */
public final class Seeds {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    /** Returns the generator for one purpose ({@code shuffle}, {@code selfplay}, {@code eval}...) in one round. */
    public static Random stream(long seed, int round, String purpose) {
        long mixed = seed * GOLDEN + round;
        mixed = mixed * GOLDEN + purpose.hashCode();
        return new Random(mixed);
    }
}

package io.prefstream.trainer.round;

import java.util.Random;

import ai.djl.engine.Engine;

import io.prefstream.trainer.model.LanguageModel;

/**
 * Derives independent, reproducible random streams from the run's seed.
 *
 * <p>Each (round, purpose) pair gets its own generator, so changing how much one stage draws
 * (for example more eval samples) does not shift the draws of another, and a round's draws do
 * not depend on what earlier rounds drew. Together with {@link #seedEngine} at the start of each
 * stage this makes a round's result a function of the checkpoint it starts from and the config,
 * which is what lets a run resume from a checkpoint and end where an uninterrupted run ends.
 */
public final class Seeds {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final String ENGINE_PURPOSE = "engine";

    private Seeds() {
    }

    /** Returns the generator for one purpose ({@code shuffle}, {@code selfplay}, {@code eval}...) in one round. */
    public static Random stream(long seed, int round, String purpose) {
        long mixed = seed * GOLDEN + round;
        mixed = mixed * GOLDEN + purpose.hashCode();
        return new Random(mixed);
    }

    /** Returns the engine seed of one round, drawn from the round's own {@code engine} stream. */
    public static int engineSeed(long seed, int round) {
        return stream(seed, round, ENGINE_PURPOSE).nextInt();
    }

    /**
     * Reseeds the engine's process-wide generator for a round.
     *
     * <p>No stage draws from the engine today (no dropout; sampling uses {@link #stream}), but
     * reseeding keeps any engine draw a later change adds a function of (seed, round) rather than of
     * how many rounds ran before it in this process.
     */
    public static void seedEngine(long seed, int round) {
        Engine.getEngine(LanguageModel.ENGINE).setRandomSeed(engineSeed(seed, round));
    }
}

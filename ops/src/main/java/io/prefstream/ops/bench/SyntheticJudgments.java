package io.prefstream.ops.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic preference judgments for benchmarks and scale tests: line {@code i} of
 * a given seed is always the same bytes, whatever order lines are made in. Prompts and responses
 * are drawn from a small fixed vocabulary (about 30 words of prompt and 60 per response, so
 * about 1.2 KB a line). Every tenth line ({@code i % 10 == 9}) repeats the judgment of line
 * {@code i - 5} under its own id, so it is judged a duplicate; all lines are valid.
 */
public final class SyntheticJudgments {

    /** Lines per block: the last line of each block repeats a line of the same block. */
    public static final int BLOCK = 10;

    private static final String[] WORDS = {
        "model", "answer", "question", "data", "river", "light", "garden", "number", "history", "music",
        "simple", "careful", "quickly", "because", "however", "between", "explain", "describe", "compare",
        "table", "window", "energy", "market", "science", "language", "friend", "travel", "winter", "summer",
        "reason", "example", "general", "specific", "problem", "solution", "method", "result", "value", "system",
        "process", "school", "teacher", "student", "city", "country", "mountain", "ocean", "forest", "animal",
        "computer", "program", "network", "memory", "signal", "pattern", "theory", "practice", "review", "detail"};
    private static final int ANNOTATORS = 50;
    private static final int PROMPT_WORDS = 30;
    private static final int RESPONSE_WORDS = 60;
    private static final long MIX = 0x9E3779B97F4A7C15L;

    private SyntheticJudgments() {
    }

    /** Returns whether line {@code i} repeats an earlier line. */
    public static boolean isRepeat(long i) {
        return i % BLOCK == BLOCK - 1;
    }

    /** Returns the id of line {@code i}: {@code syn-<i>}. */
    public static String id(long i) {
        return "syn-" + i;
    }

    /** Returns line {@code i} (no line break) as UTF-8 JSON. */
    public static byte[] line(long seed, long i) {
        long content = isRepeat(i) ? i - BLOCK / 2 : i;
        SplittableRandom random = new SplittableRandom(seed ^ (content * MIX));
        StringBuilder json = new StringBuilder(1_800);
        json.append("{\"id\":\"").append(id(i)).append("\",\"prompt\":\"Q").append(content).append(": ");
        words(json, random, PROMPT_WORDS);
        json.append("?\",\"chosen\":\"");
        words(json, random, RESPONSE_WORDS);
        json.append(".\",\"rejected\":\"");
        words(json, random, RESPONSE_WORDS);
        json.append(" (worse).\",\"annotator_id\":\"ann-").append(content % ANNOTATORS).append("\"}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void words(StringBuilder out, SplittableRandom random, int mean) {
        int count = mean / 2 + random.nextInt(mean);
        for (int w = 0; w < count; w++) {
            if (w > 0) {
                out.append(' ');
            }
            out.append(WORDS[random.nextInt(WORDS.length)]);
        }
    }

    /**
     * Writes lines {@code [from, to)} as a JSONL file.
     *
     * @return bytes written
     */
    public static long write(Path file, long seed, long from, long to) throws IOException {
        long bytes = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (long i = from; i < to; i++) {
                byte[] line = line(seed, i);
                out.write(new String(line, StandardCharsets.UTF_8));
                out.write('\n');
                bytes += line.length + 1;
            }
        }
        return bytes;
    }
}

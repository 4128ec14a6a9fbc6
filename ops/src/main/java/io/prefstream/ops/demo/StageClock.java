package io.prefstream.ops.demo;

import java.util.LinkedHashMap;
import java.util.Map;

/** Wall time per named stage, in the order the stages ran. Not thread-safe. */
final class StageClock {

    private final Map<String, Long> millis = new LinkedHashMap<>();
    private String current;
    private long startedNanos;

    /** Ends the running stage, if any, and starts the named one. */
    void start(String stage) {
        stop();
        current = stage;
        startedNanos = System.nanoTime();
    }

    /** Ends the running stage. */
    void stop() {
        if (current != null) {
            millis.put(current, (System.nanoTime() - startedNanos) / 1_000_000);
            current = null;
        }
    }

    /** Returns milliseconds per finished stage. */
    Map<String, Long> millis() {
        return Map.copyOf(millis);
    }

    /** Formats the stage times on one line, for example {@code broker 2.1 s, import 0.8 s}. */
    String format() {
        StringBuilder line = new StringBuilder();
        millis.forEach((stage, ms) -> line.append(line.length() == 0 ? "" : ", ")
                .append(String.format("%s %.1f s", stage, ms / 1000.0)));
        return line.toString();
    }
}

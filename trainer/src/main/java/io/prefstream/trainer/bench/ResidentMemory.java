package io.prefstream.trainer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Reads this process's resident set size, which counts libtorch's native allocations too. */
public final class ResidentMemory {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final String FIELD = "VmRSS:";

    private ResidentMemory() {
    }

    /** Returns the resident set size in bytes, or empty where {@code /proc} is not available. */
    public static OptionalLong bytes() {
        if (!Files.isReadable(STATUS)) {
            return OptionalLong.empty();
        }
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(FIELD)) {
                    String kib = line.substring(FIELD.length()).trim().split("\\s+")[0];
                    return OptionalLong.of(Long.parseLong(kib) * 1024);
                }
            }
            return OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read the resident set size from " + STATUS, e);
        }
    }
}

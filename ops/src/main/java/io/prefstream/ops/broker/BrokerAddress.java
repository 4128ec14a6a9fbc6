package io.prefstream.ops.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The file through which commands find the embedded broker that another command started in
 * the same data directory: {@code <data dir>/broker.address}, holding {@code host:port}.
 */
public final class BrokerAddress {

    /** File name inside the data directory. */
    public static final String FILE = "broker.address";

    private BrokerAddress() {
    }

    /** Records the address of a running broker. */
    public static void write(Path dataDir, String bootstrapServers) {
        try {
            Path tmp = dataDir.resolve(FILE + ".tmp");
            Files.writeString(tmp, bootstrapServers + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, dataDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dataDir.resolve(FILE), e);
        }
    }

    /** Removes the record when the broker stops. */
    public static void clear(Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dataDir.resolve(FILE), e);
        }
    }

    /** Reads the recorded address, if a broker recorded one. */
    public static Optional<String> read(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip())
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}

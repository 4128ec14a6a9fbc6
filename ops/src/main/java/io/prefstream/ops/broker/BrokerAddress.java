package io.prefstream.ops.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;

/**
 * The file through which commands find the embedded broker that another command started in
 * the same data directory: {@code <data dir>/broker.address}, holding {@code host:port}.
 */
public final class BrokerAddress {

    /** File name inside the data directory. */
    public static final String FILE = "broker.address";

    // A broker on this machine that is up accepts a connection at once, however busy its JVM (the
    // kernel completes the handshake); a dead one refuses at once. The limit only matters for a
    // recorded host that does not answer at all.
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

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

    /**
     * Removes the record when the broker at {@code bootstrapServers} stops, unless it now names
     * another broker: a process stopping late must not erase the address a newer one recorded.
     */
    public static void clear(Path dataDir, String bootstrapServers) {
        if (!read(dataDir).map(bootstrapServers::equals).orElse(false)) {
            return;
        }
        try {
            Files.deleteIfExists(dataDir.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dataDir.resolve(FILE), e);
        }
    }

    /**
     * Returns whether something accepts connections at one of the addresses, {@code host:port[,...]}.
     * A broker whose command was killed (SIGKILL, power loss) cannot clear its record, and a Kafka
     * client sent to that address waits out its whole metadata timeout, a minute, before failing
     * with a message that names neither the file nor the cause; commands check first instead.
     * An address that is not {@code host:port} counts as not listening.
     */
    public static boolean isListening(String bootstrapServers) {
        for (String server : bootstrapServers.split(",")) {
            int colon = server.lastIndexOf(':');
            if (colon > 0 && accepts(server.substring(0, colon).strip().replaceAll("^\\[|\\]$", ""),
                    server.substring(colon + 1).strip())) {
                return true;
            }
        }
        return false;
    }

    private static boolean accepts(String host, String port) {
        if (!port.matches("\\d{1,5}")) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, Integer.parseInt(port)), (int) PROBE_TIMEOUT.toMillis());
            return true;
        } catch (IOException | IllegalArgumentException e) {
            // Refused, unreachable, unresolvable or out of range: nothing usable listens there,
            // which is the answer asked for; the caller reports the recorded address.
            return false;
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

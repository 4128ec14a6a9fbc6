package io.prefstream.ops.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker, run as a child JVM from the Kafka jars on this
 * process's class path. It listens on 127.0.0.1 only, on free ports, keeps its log
 * directory and its own log file under a data directory the user can inspect, and stops
 * with a controlled shutdown on {@link #close()}.
 *
 * <p>The caller owns the instance and must close it; a JVM shutdown hook also stops the
 * broker if the caller dies first.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration OWNER_GRACE = Duration.ofSeconds(20);
    private static final String LOOPBACK = "127.0.0.1";
    private static final String PID_FILE = "broker.pid";

    private final Path dataDir;
    private final int port;
    private final Process process;
    private final Thread shutdownHook;
    private final CountDownLatch closed = new CountDownLatch(1);

    private EmbeddedKafka(Path dataDir, int port, Process process) {
        this.dataDir = dataDir;
        this.port = port;
        this.process = process;
        this.shutdownHook = new Thread(this::stopWhenOwnerIsDone, "embedded-kafka-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Formats storage (first start only) and starts a broker, waiting until it answers.
     *
     * @param dataDir directory for the broker's log segments, config and log file; created if absent
     * @param partitions default partition count for auto-created topics
     * @return the running broker
     */
    public static EmbeddedKafka start(Path dataDir, int partitions) {
        try {
            Files.createDirectories(dataDir);
            refuseIfOwnedByLiveProcess(dataDir);
            int port = freePort();
            int controllerPort = freePort();
            Path config = writeConfig(dataDir, port, controllerPort, partitions);
            Path logDir = dataDir.resolve("kafka-logs");
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(config, dataDir);
            }
            Instant started = Instant.now();
            awaitPreviousBroker(dataDir);
            Process process = javaProcess(dataDir, BrokerMain.class.getName(),
                    Long.toString(ProcessHandle.current().pid()), config.toString()).start();
            Files.writeString(dataDir.resolve(PID_FILE), Long.toString(process.pid()));
            EmbeddedKafka broker = new EmbeddedKafka(dataDir, port, process);
            broker.awaitReady();
            LOG.info("Kafka broker ready at {} (KRaft, pid {}, data {}) in {} ms", broker.bootstrapServers(),
                    process.pid(), dataDir, Duration.between(started, Instant.now()).toMillis());
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded Kafka in " + dataDir, e);
        }
    }

    /** Returns the bootstrap address, {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return LOOPBACK + ":" + port;
    }

    /** Returns the directory holding the broker's data, config and log file. */
    public Path dataDir() {
        return dataDir;
    }

    /** Returns the broker process id, for operators and crash tests. */
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        stopProcess();
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down and the hook has run or will run; nothing to undo.
            LOG.debug("shutdown hook not removed: JVM is exiting", e);
        }
    }

    /**
     * On JVM exit the owner usually closes its Kafka clients and then this broker; stopping the
     * broker first would leave those clients hanging until their timeouts. So the hook waits for
     * the owner, and stops the broker itself only if the owner never gets there.
     */
    private void stopWhenOwnerIsDone() {
        try {
            closed.await(OWNER_GRACE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopProcess();
    }

    private synchronized void stopProcess() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("Kafka broker pid {} did not stop within {} s; killing it", process.pid(),
                        SHUTDOWN_TIMEOUT.toSeconds());
                process.destroyForcibly().waitFor();
            }
            LOG.info("Kafka broker pid {} stopped", process.pid());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        awaitListening(deadline);
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4_000);
        try (Admin admin = Admin.create(props)) {
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kafka broker exited with code " + process.exitValue()
                            + " during startup; see " + dataDir.resolve("broker.log"));
                }
                try {
                    admin.describeCluster().nodes().get(4, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    LOG.debug("broker not ready yet", e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
        stopProcess();
        throw new IllegalStateException("Kafka broker did not answer within " + STARTUP_TIMEOUT.toSeconds()
                + " s; see " + dataDir.resolve("broker.log"));
    }

    /** Waits until the listener accepts TCP connections, so the admin client does not start against a closed port. */
    private void awaitListening(Instant deadline) {
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(LOOPBACK, port), 500);
                return;
            } catch (IOException e) {
                LOG.trace("broker port {} not open yet", port, e);
                sleepBriefly();
            }
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }

    /**
     * Refuses a directory whose broker belongs to a process that is still running: that broker
     * serves a live service, and stopping it here (to take its lock) would cut that service off
     * from Kafka while it keeps answering as if nothing happened.
     */
    private static void refuseIfOwnedByLiveProcess(Path dataDir) throws IOException {
        Optional<ProcessHandle> broker = previousBroker(dataDir);
        if (broker.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> owner = ownerOf(broker.get()).filter(ProcessHandle::isAlive);
        if (owner.isPresent() && owner.get().pid() != ProcessHandle.current().pid()) {
            throw new IllegalStateException(String.format("%s is in use: its Kafka broker (pid %d) belongs to "
                    + "another running prefstream process (pid %d); stop that process first, or give this command "
                    + "another --data-dir (commands such as import, status and snapshot use the running broker "
                    + "without starting one)", dataDir, broker.get().pid(), owner.get().pid()));
        }
    }

    /** Returns the live broker process recorded in the directory's pid file, if there is one. */
    private static Optional<ProcessHandle> previousBroker(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve(PID_FILE);
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().map(c -> c.contains(BrokerMain.class.getName())).orElse(false));
    }

    /** Returns the process a broker was started for: the first argument after {@link BrokerMain}'s name. */
    private static Optional<ProcessHandle> ownerOf(ProcessHandle broker) {
        String[] arguments = broker.info().arguments().orElse(new String[0]);
        for (int i = 0; i + 1 < arguments.length; i++) {
            if (arguments[i].equals(BrokerMain.class.getName()) && arguments[i + 1].matches("\\d+")) {
                return ProcessHandle.of(Long.parseLong(arguments[i + 1]));
            }
        }
        return Optional.empty();
    }

    /**
     * Waits for a broker left by a previous run in this directory to exit (it stops by itself
     * once its parent is gone), and kills it if it does not, so its lock is free.
     */
    private static void awaitPreviousBroker(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve(PID_FILE);
        Optional<ProcessHandle> previous = previousBroker(dataDir);
        if (previous.isPresent()) {
            LOG.warn("a broker from a previous run (pid {}) still holds {}; waiting for it to stop",
                    previous.get().pid(), dataDir);
            try {
                previous.get().onExit().get(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException e) {
                previous.get().destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the previous broker", e);
            }
        }
        Files.deleteIfExists(pidFile);
    }

    private static void format(Path config, Path dataDir) throws IOException {
        String clusterId = Uuid.randomUuid().toString();
        Process format = javaProcess(dataDir, "kafka.tools.StorageTool",
                "format", "-t", clusterId, "-c", config.toString(), "--ignore-formatted").start();
        try {
            if (!format.waitFor(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new IllegalStateException("formatting Kafka storage failed; see " + dataDir.resolve("broker.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka storage", e);
        }
        LOG.info("formatted KRaft storage in {} (cluster id {})", dataDir, clusterId);
    }

    private static ProcessBuilder javaProcess(Path dataDir, String mainClass, String... args) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xms128m", "-Xmx512m",
                "-XX:+UseSerialGC", "-Dlog4j2.level=WARN", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        Path log = dataDir.resolve("broker.log");
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    private static Path writeConfig(Path dataDir, int port, int controllerPort, int partitions) throws IOException {
        Map<String, String> settings = Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@" + LOOPBACK + ":" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://" + LOOPBACK + ":" + port + ",CONTROLLER://" + LOOPBACK + ":"
                        + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://" + LOOPBACK + ":" + port),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("log.dirs", dataDir.resolve("kafka-logs").toAbsolutePath().toString()),
                Map.entry("num.partitions", Integer.toString(partitions)),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "3"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "3"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("log.flush.interval.messages", "10000"));
        StringBuilder text = new StringBuilder("# Written by prefstream for its embedded single-node broker.\n");
        settings.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> text.append(e.getKey()).append('=').append(e.getValue()).append('\n'));
        Path file = dataDir.resolve("server.properties");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
    }
}

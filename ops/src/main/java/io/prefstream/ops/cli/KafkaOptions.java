package io.prefstream.ops.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import io.prefstream.ingest.app.KafkaSettings;
import io.prefstream.ops.broker.BrokerAddress;
import picocli.CommandLine.Option;

/** Options every command shares: where data lives and which Kafka cluster to use. */
final class KafkaOptions {

    @Option(names = "--data-dir", defaultValue = "prefstream-data", paramLabel = "DIR",
            converter = OptionRanges.DataDirectory.class,
            description = "Directory for the embedded broker, state, snapshots and checkpoints (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Use this Kafka cluster instead of the embedded broker.")
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Properties file passed to every Kafka client (security.protocol, sasl.*, ssl.*, ...).")
    Path kafkaConfig;

    /**
     * Returns the settings for an existing cluster: the option, or the embedded broker's recorded address.
     *
     * @throws IllegalStateException when no broker is recorded, or the recorded one no longer listens
     */
    KafkaSettings existingCluster() {
        String servers = bootstrapServers != null ? bootstrapServers : BrokerAddress.read(dataDir).orElseThrow(
                () -> new IllegalStateException("no --bootstrap-servers given and no embedded broker is running for "
                        + dataDir.toAbsolutePath() + " (start one with 'prefstream ingest')"));
        if (bootstrapServers == null && !BrokerAddress.isListening(servers)) {
            throw new IllegalStateException(staleBroker(servers));
        }
        return settings(servers);
    }

    /** Describes a recorded broker address at which nothing listens any more. */
    String staleBroker(String recorded) {
        return "the embedded broker recorded in " + dataDir.resolve(BrokerAddress.FILE).toAbsolutePath() + " ("
                + recorded + ") is not running: the command that started it ended without stopping it; start one"
                + " with 'prefstream ingest', or give --bootstrap-servers";
    }

    /** Returns settings for the given servers with the pass-through client properties. */
    KafkaSettings settings(String servers) {
        return new KafkaSettings(servers, clientProperties());
    }

    private Map<String, String> clientProperties() {
        Map<String, String> props = new TreeMap<>();
        if (kafkaConfig == null) {
            return props;
        }
        Properties file = new Properties();
        try (Reader reader = Files.newBufferedReader(kafkaConfig)) {
            file.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read --kafka-config " + kafkaConfig, e);
        }
        file.stringPropertyNames().forEach(name -> props.put(name, file.getProperty(name)));
        return props;
    }
}

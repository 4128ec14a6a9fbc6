package io.prefstream.ops.broker;

import java.nio.file.Path;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;

import io.prefstream.ingest.app.IngestTopics;
import io.prefstream.ingest.app.KafkaSettings;
import io.prefstream.ingest.app.TopicProvisioner;

/**
 * The Kafka cluster a long-running command works against: an external one, or an embedded
 * broker that this object started and stops on {@link #close()}.
 */
public final class Cluster implements AutoCloseable {

    private final KafkaSettings settings;
    private final EmbeddedKafka embedded;
    private final Path dataDir;

    private Cluster(KafkaSettings settings, EmbeddedKafka embedded, Path dataDir) {
        this.settings = settings;
        this.embedded = embedded;
        this.dataDir = dataDir;
    }

    /** Uses an existing cluster; starts nothing. */
    public static Cluster external(KafkaSettings settings) {
        return new Cluster(settings, null, null);
    }

    /**
     * Starts an embedded broker under {@code <dataDir>/kafka} and records its address so that
     * other commands on the same data directory find it.
     */
    public static Cluster embedded(Path dataDir, Map<String, String> clientProperties) {
        EmbeddedKafka broker = EmbeddedKafka.start(dataDir.resolve("kafka"), 3);
        BrokerAddress.write(dataDir, broker.bootstrapServers());
        return new Cluster(new KafkaSettings(broker.bootstrapServers(), clientProperties), broker, dataDir);
    }

    /** Returns the connection settings. */
    public KafkaSettings settings() {
        return settings;
    }

    /** Returns whether this cluster is an embedded broker started here. */
    public boolean isEmbedded() {
        return embedded != null;
    }

    /** Creates missing topics with single-node or production settings as appropriate. */
    public void provision(IngestTopics topics, String checkpointTopic, TopicProvisioner provisioner) {
        try (Admin admin = Admin.create(settings.properties(Map.of()))) {
            provisioner.ensure(admin, topics, checkpointTopic);
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            BrokerAddress.clear(dataDir, embedded.bootstrapServers());
            embedded.close();
        }
    }
}

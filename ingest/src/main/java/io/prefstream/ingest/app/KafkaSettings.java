package io.prefstream.ingest.app;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Connection settings shared by every Kafka client of the project: the bootstrap servers plus
 * any client properties passed through unchanged (TLS, SASL and the like, as {@code
 * security.protocol}, {@code sasl.jaas.config}, ...).
 *
 * @param bootstrapServers comma-separated {@code host:port} list
 * @param clientProperties extra client properties applied to every client
 */
public record KafkaSettings(String bootstrapServers, Map<String, String> clientProperties) {

    /** Creates settings with a defensive, sorted copy of the extra properties. */
    public KafkaSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers must be set");
        }
        clientProperties = Map.copyOf(new TreeMap<>(clientProperties));
    }

    /** Settings for a cluster with no extra client properties. */
    public static KafkaSettings of(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, Map.of());
    }

    /** Returns client properties: bootstrap, the pass-through settings, then the overrides. */
    public Properties properties(Map<String, Object> overrides) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        props.putAll(clientProperties);
        props.putAll(overrides);
        return props;
    }
}

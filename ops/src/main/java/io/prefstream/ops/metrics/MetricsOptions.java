package io.prefstream.ops.metrics;

import java.io.IOException;
import java.net.InetSocketAddress;

import io.prefstream.ops.cli.OptionRanges;
import picocli.CommandLine.Option;

/** The {@code --metrics-port} and {@code --metrics-host} options of the long-running commands. */
public final class MetricsOptions {

    @Option(names = "--metrics-port", defaultValue = "0", paramLabel = "PORT", converter = OptionRanges.Port.class,
            description = "Serve Prometheus metrics at http://HOST:PORT/metrics; 0 disables it"
                    + " (default: ${DEFAULT-VALUE}; the bundled Prometheus config scrapes ingest on 9464"
                    + " and train on 9465).")
    int port;

    @Option(names = "--metrics-host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Address the metrics endpoint binds to (default: ${DEFAULT-VALUE}).")
    String host;

    /**
     * Creates the process's metrics registry, served when a port was given.
     *
     * @param service the {@code service} tag, one of {@link ServiceTags}
     * @throws IOException when the port cannot be bound
     */
    public MetricsEndpoint open(String service) throws IOException {
        MetricsEndpoint endpoint = new MetricsEndpoint(service, port == 0 ? null : new InetSocketAddress(host, port));
        endpoint.address().ifPresent(a -> System.out.printf("metrics at http://%s:%d%s%n", host, a.getPort(),
                MetricsEndpoint.PATH));
        return endpoint;
    }
}

package io.prefstream.ops.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * A Prometheus registry with JVM, process and system meters, every meter tagged
 * {@code service=<name>}, optionally served as text at {@value #PATH} by the JDK's HTTP server.
 *
 * <p>The caller owns the endpoint and must {@link #close()} it: that stops the server, releases the
 * GC listener and closes the registry.
 */
public final class MetricsEndpoint implements AutoCloseable {

    /** Path the scrape text is served at. */
    public static final String PATH = "/metrics";
    /** Content type of the Prometheus text format that {@link PrometheusMeterRegistry#scrape()} writes. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final HttpServer server;

    /**
     * Creates the registry and, when an address is given, serves it.
     *
     * @param service the {@code service} tag, one of {@link ServiceTags}
     * @param address where to serve {@value #PATH} (port 0: any free port), or null to serve nothing
     * @throws IOException when the address cannot be bound
     */
    public MetricsEndpoint(String service, InetSocketAddress address) throws IOException {
        registry.config().commonTags(ServiceTags.SERVICE, service);
        JvmGcMetrics gc = new JvmGcMetrics();
        closeables.add(gc);
        for (MeterBinder binder : List.of(new ClassLoaderMetrics(), new JvmMemoryMetrics(), gc,
                new JvmThreadMetrics(), new ProcessorMetrics(), new UptimeMetrics(), new FileDescriptorMetrics())) {
            binder.bindTo(registry);
        }
        this.server = address == null ? null : serve(address);
    }

    private HttpServer serve(InetSocketAddress address) throws IOException {
        HttpServer http = HttpServer.create(address, 0);
        http.createContext(PATH, this::handle);
        http.start();
        LOG.info("metrics served at http://{}:{}{}", address.getHostString(), http.getAddress().getPort(), PATH);
        return http;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Returns the registry to bind the service's meters to. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Returns the address {@value #PATH} is served at, with the port actually bound; empty when not served. */
    public Optional<InetSocketAddress> address() {
        return Optional.ofNullable(server).map(HttpServer::getAddress);
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                // Closing only unregisters listeners of a registry that is closed next; nothing is lost.
                LOG.warn("cannot close metrics binder {}", closeable, e);
            }
        }
        registry.close();
    }
}

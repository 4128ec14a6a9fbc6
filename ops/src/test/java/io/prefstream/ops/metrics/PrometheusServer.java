package io.prefstream.ops.metrics;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real Prometheus server (the {@code prometheus} binary on the PATH) bound to 127.0.0.1, scraping
 * the given jobs on 127.0.0.1 at a short interval, with the bundled alert rules loaded and storage
 * in a directory of the caller's. Started through {@link LocalProcesses}, which stops it.
 */
final class PrometheusServer {

    private static final String BINARY = "prometheus";
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
    private final ObjectMapper json = new ObjectMapper();
    private final int port;

    private PrometheusServer(int port) {
        this.port = port;
    }

    /** Returns the {@code prometheus} binary on the PATH, if there is one. */
    static Optional<Path> binary() {
        return List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
                .map(dir -> Path.of(dir, BINARY)).filter(Files::isExecutable).findFirst();
    }

    /**
     * Writes the configuration, starts the server and waits until it is ready.
     *
     * @param binary the {@code prometheus} executable
     * @param dir where the configuration, the rules and the storage go
     * @param processes starts (and later stops) the server
     * @param port the port to listen on, on 127.0.0.1
     * @param interval the scrape and rule evaluation interval
     * @param jobs job name to the 127.0.0.1 port it scrapes
     */
    static PrometheusServer start(Path binary, Path dir, LocalProcesses processes, int port, Duration interval,
            Map<String, Integer> jobs) throws IOException, InterruptedException {
        Files.copy(DashboardWiringTest.ALERTS, dir.resolve("alerts.yml"));
        String seconds = interval.toSeconds() + "s";
        String scrapes = jobs.entrySet().stream().map(job -> String.format(
                "  - job_name: %s%n    static_configs:%n      - targets: [\"127.0.0.1:%d\"]%n", job.getKey(),
                job.getValue())).collect(Collectors.joining());
        Path config = Files.writeString(dir.resolve("prometheus.yml"), String.format(
                "global:%n  scrape_interval: %s%n  scrape_timeout: %s%n  evaluation_interval: %s%n"
                        + "rule_files:%n  - alerts.yml%nscrape_configs:%n%s", seconds, seconds, seconds, scrapes));
        processes.start("prometheus", List.of(binary.toString(), "--config.file=" + config,
                "--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.path=" + dir.resolve("data")));
        PrometheusServer server = new PrometheusServer(port);
        server.awaitReady();
        return server;
    }

    private void awaitReady() throws InterruptedException {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<Void> ready = http.send(request("/-/ready"), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet; retried until the deadline
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Prometheus on 127.0.0.1:" + port + " not ready within "
                + READY_TIMEOUT.toSeconds() + " s");
    }

    /**
     * Evaluates an instant query now and returns its result array (empty when no series matched).
     *
     * @throws IllegalStateException when Prometheus rejects the query, with its error text
     */
    JsonNode query(String promQl) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                request("/api/v1/query?query=" + URLEncoder.encode(promQl, StandardCharsets.UTF_8)),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = json.readTree(response.body());
        if (!"success".equals(body.path("status").asText())) {
            throw new IllegalStateException("query " + promQl + " failed: " + response.body());
        }
        JsonNode data = body.get("data");
        return "vector".equals(data.get("resultType").asText()) || "matrix".equals(data.get("resultType").asText())
                ? data.get("result") : json.createArrayNode().add(data.get("result"));
    }

    /** Returns the value of a query expected to give one series, or NaN when it gives none. */
    double value(String promQl) throws IOException, InterruptedException {
        JsonNode result = query(promQl);
        if (result.isEmpty()) {
            return Double.NaN;
        }
        if (result.size() > 1) {
            throw new IllegalStateException("query " + promQl + " gave " + result.size() + " series: " + result);
        }
        return Double.parseDouble(result.get(0).get("value").get(1).asText());
    }

    private HttpRequest request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(HTTP_TIMEOUT).GET().build();
    }
}

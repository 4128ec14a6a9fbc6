package io.prefstream.ops.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsEndpointTest {

    @TempDir
    Path stateDir;

    @Test
    void shouldServeJvmAndDomainMetricsOnLoopback() throws Exception {
        try (PopulatedEndpoint populated = new PopulatedEndpoint(stateDir)) {
            HttpResponse<String> response = populated.get(MetricsEndpoint.PATH);

            assertThat(populated.endpoint().address()).get()
                    .satisfies(a -> assertThat(a.getAddress().isLoopbackAddress()).isTrue());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue(MetricsEndpoint.CONTENT_TYPE);
            assertThat(response.body())
                    .contains("jvm_memory_used_bytes{area=\"heap\"")
                    .contains("prefs_ingest_records_total{outcome=\"accepted\",reason=\"none\",service=\"ingest\"} 0.0")
                    .contains("prefs_snapshot_version{service=\"ingest\"} 1.0");
        }
    }

    @Test
    void shouldAnswerNotFoundOutsideMetricsPath() throws Exception {
        try (PopulatedEndpoint populated = new PopulatedEndpoint(stateDir)) {
            assertThat(populated.get("/metrics/other").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void shouldRejectMethodsOtherThanGet() throws Exception {
        try (MetricsEndpoint endpoint = new MetricsEndpoint(ServiceTags.TRAINER,
                new InetSocketAddress("127.0.0.1", 0))) {
            HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + endpoint.address().orElseThrow().getPort() + MetricsEndpoint.PATH))
                    .POST(HttpRequest.BodyPublishers.noBody()).build();

            HttpResponse<Void> response = HttpClient.newHttpClient().send(post, HttpResponse.BodyHandlers.discarding());

            assertThat(response.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void shouldKeepRegistryButServeNothingWithoutAddress() throws Exception {
        try (MetricsEndpoint endpoint = new MetricsEndpoint(ServiceTags.DEMO, null)) {
            assertThat(endpoint.address()).isEmpty();
            assertThat(endpoint.registry().get("jvm.threads.live").gauge().getId().getTag(ServiceTags.SERVICE))
                    .isEqualTo(ServiceTags.DEMO);
        }
    }
}

package io.prefstream.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.prefstream.ingest.app.KafkaSettings;

class ClusterHealthTest {

    @Test
    void shouldReportClusterThatDoesNotAnswerWithinSeconds() throws Exception {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (ClusterHealth health = ClusterHealth.start(KafkaSettings.of("127.0.0.1:" + closedPort))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> health.problem().isPresent());

            assertThat(health.problem().orElseThrow()).contains("127.0.0.1:" + closedPort)
                    .contains("has not answered since");
        }
    }

    @Test
    void shouldReportFirstProblemOfCombinedChecks() {
        final HealthCheck fine = Optional::empty;
        final HealthCheck stream = () -> Optional.of("ingest stream is ERROR");
        final HealthCheck cluster = () -> Optional.of("Kafka cluster at x has not answered");

        assertThat(fine.and(fine).problem()).isEmpty();
        assertThat(fine.and(cluster).problem()).contains("Kafka cluster at x has not answered");
        assertThat(stream.and(cluster).problem()).contains("ingest stream is ERROR");
    }
}

package io.prefstream.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.prefstream.ingest.app.KafkaSettings;
import io.prefstream.ingest.http.ClusterHealth;
import io.prefstream.ops.broker.EmbeddedKafka;

/** The collector's health follows the broker within seconds: fine while it answers, a problem once it is gone. */
class ClusterHealthBrokerTest {

    @TempDir
    Path brokerDir;

    @Test
    void shouldReportBrokerLossWithinSecondsOfIt() {
        EmbeddedKafka broker = EmbeddedKafka.start(brokerDir, 1);
        try (ClusterHealth health = ClusterHealth.start(KafkaSettings.of(broker.bootstrapServers()))) {
            // The first probe runs at once; give it time to answer, then it must have found nothing wrong.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .until(() -> health.problem().isEmpty());

            broker.close();

            await().atMost(ClusterHealth.PROBE_INTERVAL.plus(ClusterHealth.PROBE_TIMEOUT).multipliedBy(3))
                    .until(() -> health.problem().isPresent());
            assertThat(health.problem().orElseThrow()).contains(broker.bootstrapServers());
        } finally {
            broker.close();
        }
    }
}

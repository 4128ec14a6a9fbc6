package io.prefstream.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Settings validation: the collector never starts without a token. */
class CollectorConfigTest {

    @Test
    void shouldUseDocumentedDefaults() {
        final CollectorConfig config = CollectorConfig.withToken("t");

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.maxBodyBytes()).isEqualTo(8 * 1024 * 1024);
        assertThat(config.maxBatchSize()).isEqualTo(1_000);
        assertThat(config.maxJudgmentsPerSecond()).isEqualTo(1_000);
        assertThat(config.source()).isEqualTo("http");
    }

    @Test
    void shouldRefuseToStartWithoutToken() {
        assertThatThrownBy(() -> CollectorConfig.withToken(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(CollectorConfig.TOKEN_CONFIG)
                .hasMessageContaining("always required");
    }

    @Test
    void shouldRefuseToStartWithBlankToken() {
        assertThatThrownBy(() -> CollectorConfig.withToken("  "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(CollectorConfig.TOKEN_CONFIG);
    }

    @Test
    void shouldRefuseNonLoopbackHostWithoutToken() {
        assertThatThrownBy(() -> new CollectorConfig("0.0.0.0", 8080, "", 1024, 10, 100, "http"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(CollectorConfig.TOKEN_CONFIG)
                .hasMessageContaining("non-loopback")
                .hasMessageContaining("0.0.0.0")
                .hasMessageContaining("always required");
    }

    @Test
    void shouldNameSettingOfOutOfRangeValue() {
        final CollectorConfig config = CollectorConfig.withToken("t");

        assertThatThrownBy(() -> config.withPort(70_000)).hasMessageContaining(CollectorConfig.PORT_CONFIG)
                .hasMessageContaining("70000");
        assertThatThrownBy(() -> config.withMaxBodyBytes(0))
                .hasMessageContaining(CollectorConfig.MAX_BODY_BYTES_CONFIG);
        assertThatThrownBy(() -> config.withMaxBatchSize(-1))
                .hasMessageContaining(CollectorConfig.MAX_BATCH_SIZE_CONFIG);
        assertThatThrownBy(() -> config.withMaxJudgmentsPerSecond(-5))
                .hasMessageContaining(CollectorConfig.MAX_JUDGMENTS_PER_SECOND_CONFIG).hasMessageContaining("-5");
        assertThatThrownBy(() -> config.withSource(" ")).hasMessageContaining(CollectorConfig.SOURCE_CONFIG);
        assertThatThrownBy(() -> config.withHost(null)).hasMessageContaining(CollectorConfig.HOST_CONFIG);
    }

    @Test
    void shouldHideTokenWhenPrinted() {
        assertThat(CollectorConfig.withToken("s3cret-value").toString()).doesNotContain("s3cret-value")
                .contains("token=<hidden>");
    }
}

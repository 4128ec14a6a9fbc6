package io.prefstream.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class JudgmentRateLimitTest {

    @Test
    void shouldAdmitBurstOfTenSecondsThenRefuseWithTheWait() {
        final JudgmentRateLimit limit = JudgmentRateLimit.of(CollectorFixture.config()
                .withMaxJudgmentsPerSecond(50).withMaxBatchSize(100));

        assertThat(limit.admit(300)).isZero();
        assertThat(limit.admit(200)).isZero();
        final Duration wait = limit.admit(100);

        // 500 tokens taken; 100 more come back at 50 per second.
        assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(limit.perSecond()).isEqualTo(50);
    }

    @Test
    void shouldAlwaysHoldOneFullBatch() {
        final JudgmentRateLimit limit = JudgmentRateLimit.of(CollectorFixture.config()
                .withMaxJudgmentsPerSecond(1).withMaxBatchSize(1_000));

        assertThat(limit.admit(1_000)).isZero();
        assertThat(limit.admit(1)).isPositive();
    }

    @Test
    void shouldCountEmptyBatchAsOne() {
        final JudgmentRateLimit limit = JudgmentRateLimit.of(CollectorFixture.config()
                .withMaxJudgmentsPerSecond(1).withMaxBatchSize(1));

        assertThat(limit.admit(0)).isZero();
        assertThat(limit.admit(0)).isZero();
        assertThat(limit.admit(0)).isZero();
        for (int i = 3; i < CollectorConfig.BURST_SECONDS; i++) {
            assertThat(limit.admit(0)).isZero();
        }
        assertThat(limit.admit(0)).isPositive();
    }

    @Test
    void shouldAdmitEverythingWhenTurnedOff() {
        final JudgmentRateLimit limit = JudgmentRateLimit.of(CollectorFixture.config().withMaxJudgmentsPerSecond(0));

        for (int i = 0; i < 100; i++) {
            assertThat(limit.admit(1_000)).isZero();
        }
        assertThat(limit.perSecond()).isZero();
    }

    @Test
    void shouldBuildTheLargestRateTheConfigAllows() {
        final JudgmentRateLimit limit = JudgmentRateLimit.of(CollectorFixture.config()
                .withMaxJudgmentsPerSecond(CollectorConfig.MAX_JUDGMENTS_PER_SECOND));

        assertThat(limit.admit(1_000)).isZero();
        assertThat(limit.perSecond()).isEqualTo(CollectorConfig.MAX_JUDGMENTS_PER_SECOND);
    }
}

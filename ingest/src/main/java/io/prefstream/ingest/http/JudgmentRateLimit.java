package io.prefstream.ingest.http;

import java.time.Duration;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * Caps the judgments the collector takes per second, across all clients: a token bucket (Bucket4j) that refills at
 * the sustained rate and holds {@value CollectorConfig#BURST_SECONDS} seconds of it, and never less than one full
 * batch, so that a batch the endpoint accepts in size can always pass after a pause. A batch takes as many tokens as
 * it has judgments (an empty one takes one); a refused batch takes none. Thread-safe.
 */
final class JudgmentRateLimit {

    private final Bucket bucket;
    private final int perSecond;

    private JudgmentRateLimit(final Bucket bucket, final int perSecond) {
        this.bucket = bucket;
        this.perSecond = perSecond;
    }

    /** Returns the limit a config asks for; none when its rate is 0. */
    static JudgmentRateLimit of(final CollectorConfig config) {
        final int perSecond = config.maxJudgmentsPerSecond();
        if (perSecond == 0) {
            return new JudgmentRateLimit(null, 0);
        }
        final long capacity = Math.max((long) perSecond * CollectorConfig.BURST_SECONDS, config.maxBatchSize());
        final Bucket bucket = Bucket.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(perSecond, Duration.ofSeconds(1)))
                .build();
        return new JudgmentRateLimit(bucket, perSecond);
    }

    /** Returns the sustained rate in judgments per second; 0 for no limit. */
    int perSecond() {
        return perSecond;
    }

    /**
     * Takes tokens for a batch when there are enough.
     *
     * @param judgments the batch's size
     * @return zero when the batch may pass, otherwise how long until enough tokens will have come back
     */
    Duration admit(final int judgments) {
        if (bucket == null) {
            return Duration.ZERO;
        }
        final ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(Math.max(1, judgments));
        return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
    }
}

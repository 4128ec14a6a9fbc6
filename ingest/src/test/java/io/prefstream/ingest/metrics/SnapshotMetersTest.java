package io.prefstream.ingest.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class SnapshotMetersTest {

    private static final Instant PUBLISHED = Instant.parse("2025-01-01T12:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void shouldShowLatestSnapshotAndItsAge() {
        SnapshotMeters meters = new SnapshotMeters(Clock.fixed(PUBLISHED.plusSeconds(90), ZoneOffset.UTC));
        meters.bindTo(registry);

        meters.published(new PublishedSnapshot(3, 1200, 4096, PUBLISHED), SnapshotTrigger.COUNT, new long[0]);

        assertThat(registry.get(IngestMeters.SNAPSHOT_VERSION).gauge().value()).isEqualTo(3.0);
        assertThat(registry.get(IngestMeters.SNAPSHOT_RECORDS).gauge().value()).isEqualTo(1200.0);
        assertThat(registry.get(IngestMeters.SNAPSHOT_BYTES).gauge().value()).isEqualTo(4096.0);
        assertThat(registry.get(IngestMeters.SNAPSHOT_AGE).timeGauge().value(TimeUnit.SECONDS)).isEqualTo(90.0);
    }

    @Test
    void shouldReportNoSnapshotAsVersionZeroAndUnknownAge() {
        new SnapshotMeters().bindTo(registry);

        assertThat(registry.get(IngestMeters.SNAPSHOT_VERSION).gauge().value()).isZero();
        assertThat(registry.get(IngestMeters.SNAPSHOT_AGE).timeGauge().value(TimeUnit.SECONDS)).isNaN();
    }

    @Test
    void shouldCountCutsByTriggerButNotSnapshotsFoundOnStart() {
        SnapshotMeters meters = new SnapshotMeters();
        meters.bindTo(registry);

        meters.found(new PublishedSnapshot(1, 10, 100, PUBLISHED));
        meters.published(new PublishedSnapshot(2, 20, 200, PUBLISHED), SnapshotTrigger.TIME, new long[0]);
        meters.published(new PublishedSnapshot(3, 30, 300, PUBLISHED), SnapshotTrigger.TIME, new long[0]);

        assertThat(cuts(SnapshotTrigger.TIME)).isEqualTo(2.0);
        assertThat(cuts(SnapshotTrigger.COUNT)).isZero();
        assertThat(cuts(SnapshotTrigger.REQUEST)).isZero();
    }

    @Test
    void shouldRecordLatencyOfRecordsNewToTheSnapshot() {
        SnapshotMeters meters = new SnapshotMeters();
        meters.bindTo(registry);
        ArrivalTimes arrivals = new ArrivalTimes(Map.of(0, 5L));
        arrivals.observe(0, 4, PUBLISHED.minusSeconds(600).toEpochMilli());
        arrivals.observe(0, 5, PUBLISHED.minusSeconds(30).toEpochMilli());
        arrivals.observe(1, 0, PUBLISHED.minusSeconds(10).toEpochMilli());

        meters.published(new PublishedSnapshot(2, 20, 200, PUBLISHED), SnapshotTrigger.COUNT, arrivals.millis());

        var latency = registry.get(IngestMeters.LATENCY).timer();
        assertThat(latency.count()).isEqualTo(2);
        assertThat(latency.max(TimeUnit.SECONDS)).isEqualTo(30.0);
    }

    @Test
    void shouldCountFailedCutsUnderSnapshotStage() {
        SnapshotMeters meters = new SnapshotMeters();
        meters.bindTo(registry);

        meters.failed();

        assertThat(registry.get(IngestMeters.FAILURES).tags(IngestMeters.STAGE, IngestMeters.STAGE_SNAPSHOT)
                .functionCounter().count()).isEqualTo(1.0);
    }

    private double cuts(SnapshotTrigger trigger) {
        return registry.get(IngestMeters.SNAPSHOT_CUTS).tags(IngestMeters.TRIGGER, trigger.tagValue())
                .functionCounter().count();
    }
}

package io.prefstream.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.prefstream.ingest.app.KafkaSettings;
import io.prefstream.ops.broker.EmbeddedKafka;

/** Runs the ingest benchmark at a tiny scale and checks that the table is complete; the figures are not judged. */
class IngestBenchTest {

    @TempDir
    static Path brokerDir;

    private static EmbeddedKafka broker;

    @TempDir
    Path work;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafka.start(brokerDir, 3);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void shouldMeasureEveryFigureBesideItsAnchor() throws Exception {
        IngestBench bench = new IngestBench(KafkaSettings.of(broker.bootstrapServers()), work,
                new IngestBench.Settings(List.of(2_000L, 1_000L), 3, "512m"));

        List<BenchRow> rows = bench.run();

        assertThat(rows).extracting(BenchRow::name).containsExactly(
                "ingest, validate + dedup (EOS v2), 1,000 records",
                "ingest, validate + dedup (EOS v2), 2,000 records",
                "exactly-once Kafka Streams pass-through (copy only), 1,000 records",
                "ingest, validate + dedup (EOS v2), 1,000 records",
                "exactly-once Kafka Streams pass-through (copy only), 2,000 records",
                "ingest, validate + dedup (EOS v2), 2,000 records",
                "ingest latency, one record on the idle pipeline, 1,000-record run",
                "ingest latency, one record on the idle pipeline, 2,000-record run",
                "snapshot cut, whole (read topics, sort, write, fsync, announce), 1,000 records",
                "snapshot write phase (sort, encode, write, fsync), 1,000 records",
                "snapshot cut, whole (read topics, sort, write, fsync, announce), 2,000 records",
                "snapshot write phase (sort, encode, write, fsync), 2,000 records",
                "ingest cost per record, 2,000 records",
                "ingest cost per record less one idle latency, 2,000 records",
                "snapshot cost per row, whole cut, 2,000 records",
                "snapshot cost per row, write phase, 2,000 records",
                "peak heap after GC, ingest service, 2,000 records (-Xmx512m)");
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.value()).as(row.name()).isFinite();
            assertThat(row.anchorValue()).as(row.name()).isFinite();
            assertThat(row.ratio()).as(row.name()).isEqualTo(row.value() / row.anchorValue());
        });
        // A run of a few thousand records can take less than one idle round trip, so the cost less
        // that latency may be zero or below at this scale; every other figure is positive.
        assertThat(rows).filteredOn(row -> !row.name().contains("less one idle latency")).allSatisfy(row -> {
            assertThat(row.value()).as(row.name()).isPositive();
            assertThat(row.anchorValue()).as(row.name()).isPositive();
        });
        // Latency and the pass-through comparisons are reported without a target; every other
        // figure has one.
        assertThat(rows).filteredOn(row -> row.target() == null).extracting(BenchRow::anchorName).containsOnly(
                "plain produce + consume, one record", "plain produce + consume, same records",
                "exactly-once pass-through, same records");
        assertThat(rows).filteredOn(row -> row.target() == null).hasSize(6);
        assertThat(BenchTable.format(rows).lines()).hasSize(rows.size() + 1);
    }
}

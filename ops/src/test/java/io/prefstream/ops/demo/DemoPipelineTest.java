package io.prefstream.ops.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.prefstream.ingest.snapshot.ConflictPolicy;
import io.prefstream.schemas.snapshot.Hashing;
import io.prefstream.schemas.snapshot.SnapshotLayout;
import io.prefstream.schemas.snapshot.SnapshotReader;
import io.prefstream.trainer.app.TrainerConfig;
import io.prefstream.trainer.round.RoundReport;
import io.prefstream.trainer.service.TrainingOutcome;

/**
 * The walking skeleton end to end on a slice of the real bundled data: embedded broker,
 * import, ingest, snapshot, warm start and two SPAC rounds of a tiny model.
 */
@Tag("e2e")
class DemoPipelineTest {

    private static final Path BUNDLED = Path.of("..", "data", "hh-rlhf-harmless-base-test.jsonl.gz");
    private static final int SLICE_LINES = 200;

    @TempDir
    Path work;

    private static final TrainerConfig TINY = TrainerConfig.preset("spac")
            .with(TrainerConfig.MODEL_KEY, "tiny")
            .with(TrainerConfig.PROMPTS_PER_ROUND_KEY, "16")
            .with(TrainerConfig.EVAL_SAMPLE_PROMPTS_KEY, "8")
            .with(TrainerConfig.SFT_EPOCHS_KEY, "1");

    private DemoReport runDemo(Path slice, String runDir) throws IOException {
        return new DemoPipeline(new DemoOptions(slice, work.resolve(runDir), null, "demo-test", 0.1,
                ConflictPolicy.MAJORITY, TINY,
                Duration.ofMinutes(3))).run();
    }

    @Test
    void shouldRunWholePipelineOnRealDataSliceWithReconciledCountsAndReproduceIt() throws IOException {
        Path slice = sliceOfBundledData(SLICE_LINES);

        DemoReport report = runDemo(slice, "run");

        assertThat(report.read()).isEqualTo(SLICE_LINES);
        assertThat(report.reconciled()).as("read = accepted + duplicates + dead-lettered").isTrue();
        assertThat(report.outcomes().accepted()).isEqualTo(report.snapshot().manifest().counts().records());
        assertThat(SnapshotReader.read(report.snapshot().directory()).records())
                .hasSize((int) report.outcomes().accepted());
        List<TrainingOutcome.Round> rounds = report.rounds();
        assertThat(rounds).extracting(TrainingOutcome.Round::round).containsExactly(0, 1, 2);
        for (TrainingOutcome.Round round : rounds) {
            assertThat(round.checkpoint()).isDirectory();
            assertThat(round.loss()).isFinite();
            assertThat(round.rewardAccuracy()).isBetween(0.0, 1.0);
        }
        assertThat(work.resolve("run/checkpoints/latest")).content().contains("v000001-r2");
        assertThat(rounds.get(0).metrics().get(RoundReport.EVAL_JUDGE_WIN_RATE_METRIC)).isEqualTo(0.5);
        assertThat(rounds.get(2).metrics()).containsKey(RoundReport.JUDGE_EVAL_ACCURACY_METRIC);
        assertThat(rounds.get(2).samples()).hasSize(TINY.sampleGenerations());
        ByteArrayOutputStream summary = new ByteArrayOutputStream();
        report.print(new PrintStream(summary, true, StandardCharsets.UTF_8));
        assertThat(summary.toString(StandardCharsets.UTF_8)).contains("judge win", "judge           last round wins",
                "samples         round 2");
        assertThat(report.verdict()).contains("reward accuracy 0.500 ->")
                .containsAnyOf("improved", "no improvement beyond noise");

        DemoReport again = runDemo(slice, "again");

        // The manifest also records Kafka offsets, which transaction markers make differ between
        // runs; the data itself must be byte-identical.
        assertThat(recordsSha256(again)).as("same input, same snapshot data bytes").isEqualTo(recordsSha256(report));
        assertThat(again.rounds()).extracting(DemoPipelineTest::metricsWithoutTimings)
                .as("same seed, same round metrics")
                .isEqualTo(report.rounds().stream().map(DemoPipelineTest::metricsWithoutTimings).toList());
    }

    private static Map<String, Double> metricsWithoutTimings(TrainingOutcome.Round round) {
        Map<String, Double> metrics = new TreeMap<>(round.metrics());
        metrics.remove(RoundReport.DURATION_METRIC);
        return metrics;
    }

    private static String recordsSha256(DemoReport report) throws IOException {
        return Hashing.sha256Hex(SnapshotLayout.records(report.snapshot().directory()));
    }

    private Path sliceOfBundledData(int lines) throws IOException {
        Path slice = work.resolve("slice.jsonl.gz");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(BUNDLED)), StandardCharsets.UTF_8));
                OutputStream out = new GZIPOutputStream(Files.newOutputStream(slice))) {
            for (int i = 0; i < lines; i++) {
                out.write((in.readLine() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return slice;
    }
}

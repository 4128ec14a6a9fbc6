package io.prefstream.trainer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.djl.Device;

import io.prefstream.trainer.TestRecords;
import io.prefstream.trainer.checkpoint.CheckpointLayout;
import io.prefstream.trainer.checkpoint.CheckpointReader;
import io.prefstream.trainer.checkpoint.CheckpointStore;
import io.prefstream.trainer.checkpoint.Lineage;
import io.prefstream.trainer.data.ByteTokenizer;
import io.prefstream.trainer.data.PreferenceExample;
import io.prefstream.trainer.data.PromptFormat;
import io.prefstream.trainer.data.SequenceEncoder;
import io.prefstream.trainer.data.TrainingData;
import io.prefstream.trainer.judge.Judge;
import io.prefstream.trainer.judge.JudgeStore;
import io.prefstream.trainer.model.LanguageModel;
import io.prefstream.trainer.round.Evaluation;
import io.prefstream.trainer.round.PolicyEvaluator;
import io.prefstream.trainer.round.RoundReport;

class SpacTrainingRunTest {

    private static final String PARAMETERS = LanguageModel.PARAMETERS_NAME + "-0000.params";

    @Test
    void shouldPublishOneCompleteCheckpointPerRoundAndPointLatestAtTheLast(@TempDir Path root) throws IOException {
        List<RoundReport> reports = new SpacTrainingRun().run(TestRecords.data(), TestRecords.tinyConfig(), root,
                RoundListener.NONE);

        assertThat(reports).extracting(RoundReport::checkpointId).containsExactly("v000007-r0", "v000007-r1");
        for (RoundReport report : reports) {
            assertThat(report.checkpointPath()).isEqualTo(root.toAbsolutePath().resolve(report.checkpointId()));
            assertThat(report.checkpointPath().resolve(PARAMETERS)).isNotEmptyFile();
            assertThat(report.checkpointPath().resolve(CheckpointLayout.CONFIG)).isNotEmptyFile();
            assertThat(report.checkpointPath().resolve(CheckpointLayout.REPORT)).isNotEmptyFile();
            assertThat(report.checkpointPath().resolve(CheckpointLayout.LINEAGE)).isNotEmptyFile();
        }
        assertThat(Files.readString(root.resolve(CheckpointLayout.LATEST)).trim()).isEqualTo("v000007-r1");
        try (Stream<Path> entries = Files.list(root)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("v000007-r0", "v000007-r1", CheckpointLayout.LATEST,
                            CheckpointLayout.JUDGES);
        }
    }

    @Test
    void shouldChainLineageFromWarmStartToLastRound(@TempDir Path root) throws IOException {
        TrainingData data = TestRecords.data();
        List<RoundReport> reports = new SpacTrainingRun().run(data, TestRecords.tinyConfig(), root, RoundListener.NONE);

        Lineage warmStart = CheckpointReader.readLineage(reports.get(0).checkpointPath());
        Lineage first = CheckpointReader.readLineage(reports.get(1).checkpointPath());
        assertThat(warmStart).isEqualTo(new Lineage("v000007-r0", 0, "v000007", data.manifestSha256(), null, "tiny"));
        assertThat(first.parentCheckpoint()).isEqualTo("v000007-r0");
        assertThat(reports.get(1).parentCheckpoint()).isEqualTo("v000007-r0");
        assertThat(CheckpointReader.readConfig(reports.get(1).checkpointPath())).isEqualTo(TestRecords.tinyConfig());
    }

    @Test
    void shouldCallListenerOnlyAfterTheCheckpointIsPublished(@TempDir Path root) throws IOException {
        List<String> seen = new ArrayList<>();
        RoundListener listener = report -> {
            assertThat(report.checkpointPath().resolve(CheckpointLayout.REPORT)).exists();
            seen.add(report.checkpointId() + " latest=" + readLatest(root));
        };

        new SpacTrainingRun().run(TestRecords.data(), TestRecords.tinyConfig(), root, listener);

        assertThat(seen).containsExactly("v000007-r0 latest=v000007-r0", "v000007-r1 latest=v000007-r1");
    }

    @Test
    void shouldReportTheMetricsTheListenerNeeds(@TempDir Path root) throws IOException {
        RoundReport last = new SpacTrainingRun().run(TestRecords.data(), TestRecords.tinyConfig(), root,
                RoundListener.NONE).get(1);

        assertThat(last.metrics()).containsKeys(RoundReport.EVAL_REWARD_ACCURACY_METRIC, RoundReport.EVAL_MARGIN_METRIC,
                RoundReport.EVAL_KL_METRIC, RoundReport.SAMPLE_LENGTH_METRIC, RoundReport.SELFPLAY_LENGTH_METRIC,
                RoundReport.TRAIN_LOSS_METRIC, RoundReport.DURATION_METRIC, RoundReport.EVAL_JUDGE_WIN_RATE_METRIC,
                RoundReport.JUDGE_EVAL_ACCURACY_METRIC);
        assertThat(last.metrics().get(RoundReport.EVAL_JUDGE_WIN_RATE_METRIC)).isBetween(0.0, 1.0);
        assertThat(last.metrics().get(RoundReport.EVAL_REWARD_ACCURACY_METRIC)).isBetween(0.0, 1.0);
        assertThat(last.metrics().get(RoundReport.TRAIN_EXAMPLES_METRIC)).isEqualTo(16.0);
        assertThat(last.loss()).isFinite();
        assertThat(last.steps()).isEqualTo(2);
    }

    @Test
    void shouldLoadCheckpointsThatReproduceTheReportedEvalMetrics(@TempDir Path root) throws IOException {
        TrainerConfig config = TestRecords.tinyConfig();
        List<RoundReport> reports = new SpacTrainingRun().run(TestRecords.data(), config, root, RoundListener.NONE);

        SequenceEncoder encoder = new SequenceEncoder(config.maxSequenceLength(), config.maxResponseTokens());
        TrainingData data = TestRecords.data();
        List<PreferenceExample> eval = TrainingData.encode(data.eval(), encoder);
        try (LanguageModel reference = CheckpointReader.loadModel(reports.get(0).checkpointPath());
                LanguageModel policy = CheckpointReader.loadModel(reports.get(1).checkpointPath());
                Judge judge = new JudgeStore(new CheckpointStore(root)).loadOrTrain(config, ByteTokenizer.INSTANCE,
                        data.snapshotId(), data.manifestSha256(), List.of(), eval, Device.cpu())) {
            Evaluation recomputed = new PolicyEvaluator(config, eval, ByteTokenizer.INSTANCE, judge)
                    .evaluate(policy, reference, 1);

            assertThat(recomputed.metrics()).containsKey(RoundReport.EVAL_JUDGE_WIN_RATE_METRIC);
            assertThat(recomputed.metrics()).allSatisfy((name, value) ->
                    assertThat(value).as(name).isEqualTo(reports.get(1).metrics().get(name)));
            assertThat(recomputed.samples()).isEqualTo(reports.get(1).samples()).isNotEmpty();
        }
    }

    @Test
    void shouldScoreTheWarmStartAgainstItselfAtAJudgedWinRateOfHalf(@TempDir Path root) throws IOException {
        RoundReport warmStart = new SpacTrainingRun().run(TestRecords.data(), TestRecords.tinyConfig().withRounds(0),
                root, RoundListener.NONE).get(0);

        assertThat(warmStart.metrics().get(RoundReport.EVAL_JUDGE_WIN_RATE_METRIC)).isEqualTo(0.5);
        assertThat(warmStart.metrics().get(RoundReport.JUDGE_EVAL_ACCURACY_METRIC)).isBetween(0.0, 1.0);
    }

    @Test
    void shouldWriteSampleGenerationsToReportJsonAndReadThemBack(@TempDir Path root) throws IOException {
        TrainerConfig config = TestRecords.tinyConfig().withSampleGenerations(2);
        RoundReport last = new SpacTrainingRun().run(TestRecords.data(), config, root, RoundListener.NONE).get(1);

        JsonNode json = new ObjectMapper().readTree(last.checkpointPath().resolve(CheckpointLayout.REPORT).toFile());
        assertThat(last.samples()).hasSize(2);
        assertThat(json.get("samples")).hasSize(2);
        assertThat(json.get("samples").get(0).get("prompt").asText()).isEqualTo(last.samples().get(0).prompt())
                .endsWith(PromptFormat.ASSISTANT);
        assertThat(CheckpointReader.readReport(last.checkpointPath()).samples()).isEqualTo(last.samples());
    }

    @Test
    void shouldTrainWithoutAJudgeWhenTurnedOff(@TempDir Path root) throws IOException {
        RoundReport last = new SpacTrainingRun().run(TestRecords.data(), TestRecords.tinyConfig().withJudge(false),
                root, RoundListener.NONE).get(1);

        assertThat(last.metrics()).doesNotContainKeys(RoundReport.EVAL_JUDGE_WIN_RATE_METRIC,
                RoundReport.JUDGE_EVAL_ACCURACY_METRIC);
        assertThat(root.resolve(CheckpointLayout.JUDGES)).doesNotExist();
    }

    @Test
    void shouldRepeatRoundMetricsForTheSameSeed(@TempDir Path root) throws IOException {
        List<RoundReport> first = new SpacTrainingRun().run(TestRecords.data(), TestRecords.tinyConfig(),
                root.resolve("a"), RoundListener.NONE);
        List<RoundReport> second = new SpacTrainingRun().run(TestRecords.data(), TestRecords.tinyConfig(),
                root.resolve("b"), RoundListener.NONE);

        assertThat(withoutDuration(second)).isEqualTo(withoutDuration(first));
        assertThat(second).extracting(RoundReport::samples)
                .isEqualTo(first.stream().map(RoundReport::samples).toList());
    }

    @Test
    void shouldTrainDpoWithoutSelfPlay(@TempDir Path root) throws IOException {
        TrainerConfig dpo = TestRecords.tinyConfig().withObjective(TrainerConfig.DPO);

        RoundReport last = new SpacTrainingRun().run(TestRecords.data(), dpo, root, RoundListener.NONE).get(1);

        assertThat(last.metrics()).doesNotContainKey(RoundReport.SELFPLAY_LENGTH_METRIC);
        assertThat(last.metrics().get(RoundReport.EVAL_REWARD_ACCURACY_METRIC)).isBetween(0.0, 1.0);
    }

    private static List<Map<String, Double>> withoutDuration(List<RoundReport> reports) {
        List<Map<String, Double>> metrics = new ArrayList<>();
        for (RoundReport report : reports) {
            Map<String, Double> copy = new HashMap<>(report.metrics());
            copy.remove(RoundReport.DURATION_METRIC);
            copy.put("loss", report.loss());
            metrics.add(copy);
        }
        return metrics;
    }

    private static String readLatest(Path root) {
        try {
            return Files.readString(root.resolve(CheckpointLayout.LATEST)).trim();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

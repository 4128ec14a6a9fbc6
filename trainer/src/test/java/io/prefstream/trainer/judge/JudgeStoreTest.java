package io.prefstream.trainer.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.djl.Device;

import io.prefstream.trainer.TestRecords;
import io.prefstream.trainer.app.TrainerConfig;
import io.prefstream.trainer.checkpoint.CheckpointLayout;
import io.prefstream.trainer.checkpoint.CheckpointStore;
import io.prefstream.trainer.data.ByteTokenizer;
import io.prefstream.trainer.data.PreferenceExample;
import io.prefstream.trainer.data.SequenceEncoder;
import io.prefstream.trainer.data.TokenizedSequence;
import io.prefstream.trainer.data.TrainingData;

class JudgeStoreTest {

    private static final TrainerConfig CONFIG = TestRecords.tinyConfig();
    private static final String PARAMETERS = RewardModel.PARAMETERS_NAME + "-0000.params";
    private static final TrainingData DATA = TestRecords.data();
    private static final SequenceEncoder ENCODER = new SequenceEncoder(CONFIG.maxSequenceLength(),
            CONFIG.maxResponseTokens());
    private static final List<PreferenceExample> TRAIN = TrainingData.encode(DATA.train(), ENCODER);
    private static final List<PreferenceExample> EVAL = TrainingData.encode(DATA.eval(), ENCODER);

    private static Judge judge(CheckpointStore store, TrainerConfig config, List<PreferenceExample> train)
            throws IOException {
        return new JudgeStore(store).loadOrTrain(config, ByteTokenizer.INSTANCE, DATA.snapshotId(),
                DATA.manifestSha256(), train, EVAL, Device.cpu());
    }

    private static List<TokenizedSequence> chosen() {
        return EVAL.stream().map(PreferenceExample::chosen).toList();
    }

    @Test
    void shouldTrainTheJudgeOnceAndLoadItOnTheNextRun(@TempDir Path root) throws IOException {
        CheckpointStore store = new CheckpointStore(root);
        double[] trainedScores;
        double trainedAccuracy;
        try (Judge trained = judge(store, CONFIG, TRAIN)) {
            trainedScores = trained.score(chosen());
            trainedAccuracy = trained.evalAccuracy();
        }
        Path cached = store.judgeDirectoryOf(DATA.snapshotId());
        byte[] parameters = Files.readAllBytes(cached.resolve(PARAMETERS));

        // no train pairs this time: a judge trained again would not score as the first did
        try (Judge loaded = judge(store, CONFIG, List.of())) {
            assertThat(loaded.score(chosen())).containsExactly(trainedScores);
            assertThat(loaded.evalAccuracy()).isEqualTo(trainedAccuracy);
        }
        assertThat(Files.readAllBytes(cached.resolve(PARAMETERS))).isEqualTo(parameters);
        assertThat(cached).isEqualTo(root.toAbsolutePath().resolve(CheckpointLayout.JUDGES).resolve("v000007"));
        try (Stream<Path> entries = Files.list(root)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly(CheckpointLayout.JUDGES);
        }
    }

    @Test
    void shouldTrainTheJudgeAgainAndReplaceItWhenItsSettingsChange(@TempDir Path root) throws IOException {
        CheckpointStore store = new CheckpointStore(root);
        judge(store, CONFIG, TRAIN).close();
        Path cached = store.judgeDirectoryOf(DATA.snapshotId());
        byte[] parameters = Files.readAllBytes(cached.resolve(PARAMETERS));

        judge(store, CONFIG.withJudgeEpochs(3), TRAIN).close();

        JsonNode record = new ObjectMapper().readTree(cached.resolve(CheckpointLayout.JUDGE).toFile());
        assertThat(record.get("settings").get(TrainerConfig.JUDGE_EPOCHS_KEY).asText()).isEqualTo("3");
        assertThat(record.get("steps").asInt()).isEqualTo(3 * 3);
        assertThat(Files.readAllBytes(cached.resolve(PARAMETERS))).isNotEqualTo(parameters);
        assertThat(store.removeStaging()).as("staging entries left behind").isZero();
    }

    @Test
    void shouldTrainTheSameJudgeFromTheSameSeed(@TempDir Path root) throws IOException {
        CheckpointStore first = new CheckpointStore(root.resolve("a"));
        CheckpointStore second = new CheckpointStore(root.resolve("b"));
        judge(first, CONFIG, TRAIN).close();
        judge(second, CONFIG, TRAIN).close();

        assertThat(Files.readAllBytes(second.judgeDirectoryOf(DATA.snapshotId()).resolve(PARAMETERS)))
                .isEqualTo(Files.readAllBytes(first.judgeDirectoryOf(DATA.snapshotId()).resolve(PARAMETERS)));
        assertThat(Files.readString(second.judgeDirectoryOf(DATA.snapshotId()).resolve(CheckpointLayout.JUDGE)))
                .isEqualTo(Files.readString(first.judgeDirectoryOf(DATA.snapshotId()).resolve(CheckpointLayout.JUDGE)));
    }
}

package io.prefstream.trainer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prefstream.schemas.v1.PreferenceRecord;
import io.prefstream.trainer.TestRecords;
import io.prefstream.trainer.TinyTokenizerFile;
import io.prefstream.trainer.checkpoint.CheckpointLayout;
import io.prefstream.trainer.checkpoint.CheckpointReader;
import io.prefstream.trainer.checkpoint.IncompatibleCheckpointException;
import io.prefstream.trainer.checkpoint.TokenizerDescription;
import io.prefstream.trainer.data.TrainingData;
import io.prefstream.trainer.model.LanguageModel;
import io.prefstream.trainer.round.RoundReport;

class SpacTrainingRunTokenizerTest {

    private static final TrainingData DATA = TestRecords.data();

    /** Writes a tokenizer over every word of the test data; returns its path. */
    private static Path tokenizer(Path directory) throws IOException {
        List<PreferenceRecord> records = new ArrayList<>(DATA.train());
        records.addAll(DATA.eval());
        return TinyTokenizerFile.write(directory.resolve("tokenizer.json"), TinyTokenizerFile.wordsOf(records));
    }

    private static TrainerConfig config(Path tokenizer) {
        return TestRecords.tinyConfig().withTokenizer(tokenizer.toString());
    }

    @Test
    void shouldSizeTheModelToTheTokenizerAndRecordItInEveryCheckpoint(@TempDir Path temp) throws IOException {
        Path file = tokenizer(temp);
        int words = TinyTokenizerFile.wordsOf(DATA.train()).size();

        List<RoundReport> reports = new SpacTrainingRun().run(DATA, config(file), temp.resolve("checkpoints"),
                RoundListener.NONE);

        for (RoundReport report : reports) {
            Path checkpoint = report.checkpointPath();
            JsonNode description = new ObjectMapper().readTree(checkpoint.resolve(CheckpointLayout.TOKENIZER)
                    .toFile());
            assertThat(description.get("type").asText()).isEqualTo(TokenizerDescription.HUGGING_FACE_TYPE);
            assertThat(checkpoint.resolve(CheckpointLayout.TOKENIZER_SOURCE)).hasSameBinaryContentAs(file);
            try (LanguageModel model = CheckpointReader.loadModel(checkpoint)) {
                assertThat(model.spec().vocabSize()).isEqualTo(description.get("vocab_size").asInt())
                        .isGreaterThan(words + 3).isLessThan(259);
            }
        }
        assertThat(reports.get(1).metrics()).containsKey(RoundReport.EVAL_JUDGE_WIN_RATE_METRIC);
        assertThat(reports.get(1).samples()).isNotEmpty()
                .allSatisfy(sample -> assertThat(sample.prompt()).contains("Human :"));
    }

    @Test
    void shouldRefuseToResumeWithTheByteTokenizerAfterAHuggingFaceOne(@TempDir Path temp) throws IOException {
        Path root = temp.resolve("checkpoints");
        TrainerConfig huggingFace = config(tokenizer(temp));
        new SpacTrainingRun().run(DATA, huggingFace.withRounds(0), root, RoundListener.NONE);

        assertThatThrownBy(() -> new SpacTrainingRun().run(DATA, TestRecords.tinyConfig(), root, RoundListener.NONE))
                .isInstanceOfSatisfying(IncompatibleCheckpointException.class,
                        e -> assertThat(e.key()).isEqualTo(CheckpointLayout.TOKENIZER))
                .hasMessageContaining(TokenizerDescription.HUGGING_FACE_TYPE);
    }

    @Test
    void shouldRefuseToResumeWhenTheTokenizerFileChanged(@TempDir Path temp) throws IOException {
        Path root = temp.resolve("checkpoints");
        Path file = tokenizer(temp);
        new SpacTrainingRun().run(DATA, config(file).withRounds(0), root, RoundListener.NONE);
        List<String> more = new ArrayList<>(TinyTokenizerFile.wordsOf(DATA.train()));
        more.add("extra");
        TinyTokenizerFile.write(file, more);

        assertThatThrownBy(() -> new SpacTrainingRun().run(DATA, config(file), root, RoundListener.NONE))
                .isInstanceOfSatisfying(IncompatibleCheckpointException.class,
                        e -> assertThat(e.key()).isEqualTo(CheckpointLayout.TOKENIZER));
        assertThat(Files.exists(root.resolve("v000007-r1"))).isFalse();
    }
}

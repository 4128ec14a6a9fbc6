package io.prefstream.trainer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.prefstream.schemas.v1.PreferenceRecord;
import io.prefstream.trainer.TestRecords;
import io.prefstream.trainer.TinyTokenizerFile;
import io.prefstream.trainer.bench.PythonReference;
import io.prefstream.trainer.checkpoint.CheckpointReader;
import io.prefstream.trainer.data.TextTokenizer;
import io.prefstream.trainer.data.TrainingData;
import io.prefstream.trainer.model.LanguageModel;
import io.prefstream.trainer.round.RoundReport;

/**
 * Trains a pretrained model exported to TorchScript: the test exports a tiny one with the
 * project's export script, so it needs a Python with torch and is skipped, saying so, without one.
 */
class SpacTrainingRunTorchScriptTest {

    private static final Path EXPORT_SCRIPT = Path.of("src/main/python/export_torchscript.py");
    private static final TrainingData DATA = TestRecords.data();

    private static String python;

    @BeforeAll
    static void findPython() {
        Optional<PythonReference> found = PythonReference.find();
        Assumptions.assumeTrue(found.isPresent(), "skipped: no Python with torch to export a TorchScript model"
                + " (install python3-torch or set " + PythonReference.PYTHON_VARIABLE + ")");
        python = found.get().python();
    }

    @Test
    void shouldFineTuneAnExportedModelAndResumeFromItsCheckpoints(@TempDir Path temp) throws Exception {
        Path tokenizer = tokenizer(temp);
        int vocab = vocabulary(tokenizer);
        TrainerConfig config = TestRecords.tinyConfig().withTokenizer(tokenizer.toString())
                .withModel(export(temp, vocab).toString());
        Path root = temp.resolve("checkpoints");

        List<RoundReport> first = new SpacTrainingRun().run(DATA, config.withRounds(1), root, RoundListener.NONE);
        List<RoundReport> resumed = new SpacTrainingRun().run(DATA, config.withRounds(2), root, RoundListener.NONE);

        assertThat(first).hasSize(2);
        assertThat(resumed).hasSize(3);
        assertThat(resumed.subList(0, 2)).extracting(RoundReport::checkpointId)
                .containsExactlyElementsOf(first.stream().map(RoundReport::checkpointId).toList());
        assertThat(resumed.get(2).samples()).isNotEmpty();
        assertThat(resumed.get(2).metrics().get(RoundReport.EVAL_REWARD_ACCURACY_METRIC)).isBetween(0.0, 1.0);
        try (LanguageModel exported = LanguageModel.importTorchScript(Path.of(config.model()), 64, Device.cpu());
                LanguageModel trained = CheckpointReader.loadModel(resumed.get(2).checkpointPath())) {
            assertThat(trained.hasKeyValueCache()).isFalse();
            assertThat(trained.vocabSize()).isEqualTo(vocab);
            assertThat(firstLogits(trained)).isNotEqualTo(firstLogits(exported));
        }
    }

    @Test
    void shouldRefuseAModelWhoseVocabularyDoesNotFitTheTokenizer(@TempDir Path temp) throws Exception {
        Path tokenizer = tokenizer(temp);
        int vocab = vocabulary(tokenizer);
        TrainerConfig config = TestRecords.tinyConfig().withTokenizer(tokenizer.toString())
                .withModel(export(temp, vocab - 3).toString());

        assertThatThrownBy(() -> new SpacTrainingRun().run(DATA, config, temp.resolve("checkpoints"),
                RoundListener.NONE))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("scores " + (vocab - 3) + " ids")
                .hasMessageContaining("resized to " + vocab);
    }

    private static Path tokenizer(Path directory) throws IOException {
        List<PreferenceRecord> records = new ArrayList<>(DATA.train());
        records.addAll(DATA.eval());
        return TinyTokenizerFile.write(directory.resolve("tokenizer.json"), TinyTokenizerFile.wordsOf(records));
    }

    private static int vocabulary(Path tokenizer) throws IOException {
        try (TextTokenizer opened = TextTokenizer.open(tokenizer.toString())) {
            return opened.vocabSize();
        }
    }

    /** Runs the export script for a tiny random model; returns the written file. */
    private static Path export(Path directory, int vocab) throws Exception {
        Path out = directory.resolve("tiny-" + vocab + ".pt");
        Process process = new ProcessBuilder(python, EXPORT_SCRIPT.toString(), "--tiny", "--vocab",
                Integer.toString(vocab), "--positions", "64", "--out", out.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return out;
    }

    private static float[] firstLogits(LanguageModel model) {
        try (NDManager manager = model.djlModel().getNDManager().newSubManager()) {
            NDArray tokens = manager.arange(0, 6, 1, DataType.INT64).reshape(new Shape(1, 6));
            return model.logits(model.inferenceStore(), tokens, false).toFloatArray();
        }
    }
}

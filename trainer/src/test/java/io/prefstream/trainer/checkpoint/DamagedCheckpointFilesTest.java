package io.prefstream.trainer.checkpoint;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DamagedCheckpointFilesTest {

    private static final String CUT_OFF = "{\"snapshot_id\": \"v000001\",\n";

    @TempDir
    Path directory;

    @Test
    void shouldNameADamagedReport() throws IOException {
        Path file = Files.writeString(directory.resolve(CheckpointLayout.REPORT), CUT_OFF);

        assertThatThrownBy(() -> CheckpointReader.readReport(directory)).isInstanceOf(IOException.class)
                .hasMessageContaining("checkpoint report " + file + " is not valid JSON");
    }

    @Test
    void shouldNameADamagedLineage() throws IOException {
        Path file = Files.writeString(directory.resolve(CheckpointLayout.LINEAGE), CUT_OFF);

        assertThatThrownBy(() -> CheckpointReader.readLineage(directory)).isInstanceOf(IOException.class)
                .hasMessageContaining("checkpoint lineage " + file + " is not valid JSON");
    }

    @Test
    void shouldNameADamagedTokenizerDescription() throws IOException {
        Path file = Files.writeString(directory.resolve(CheckpointLayout.TOKENIZER), CUT_OFF);

        assertThatThrownBy(() -> TokenizerDescription.vocabSize(directory)).isInstanceOf(IOException.class)
                .hasMessageContaining("tokenizer description " + file + " is not valid JSON");
    }
}

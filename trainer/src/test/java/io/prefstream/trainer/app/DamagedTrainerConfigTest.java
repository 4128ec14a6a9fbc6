package io.prefstream.trainer.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonProcessingException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DamagedTrainerConfigTest {

    @TempDir
    Path directory;

    @Test
    void shouldNameATrainerConfigThatIsNotValidJson() throws IOException {
        Path file = Files.writeString(directory.resolve("trainer.json"), "{\"beta\": 0.1,\n");

        assertThatThrownBy(() -> TrainerConfigLoader.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("trainer config " + file + " is not valid JSON")
                .hasCauseInstanceOf(JsonProcessingException.class);
    }
}

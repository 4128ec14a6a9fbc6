package io.prefstream.trainer.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.djl.Device;

import io.prefstream.trainer.app.TrainerConfig;
import io.prefstream.trainer.app.TrainerConfigLoader;
import io.prefstream.trainer.model.LanguageModel;

/** Reads published checkpoints back: config, lineage and the model itself. */
public final class CheckpointReader {

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private CheckpointReader() {
    }

    /** Reads the trainer config a checkpoint was trained with. */
    public static TrainerConfig readConfig(Path directory) throws IOException {
        return TrainerConfigLoader.load(directory.resolve(CheckpointLayout.CONFIG), Map.of());
    }

    /** Reads a checkpoint's lineage. */
    public static Lineage readLineage(Path directory) throws IOException {
        return JSON.readValue(directory.resolve(CheckpointLayout.LINEAGE).toFile(), Lineage.class);
    }

    /**
     * Loads the policy of a checkpoint onto the device named in its config; the caller closes it.
     *
     * @throws IOException when a file is missing or the parameters do not match the recorded shape
     */
    public static LanguageModel loadModel(Path directory) throws IOException {
        TrainerConfig config = readConfig(directory);
        return LanguageModel.load(directory, config.modelSpec(), Device.fromName(config.device()));
    }
}

package io.prefstream.trainer.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.djl.Device;

import io.prefstream.trainer.app.JsonFiles;
import io.prefstream.trainer.app.PolicyModels;
import io.prefstream.trainer.app.TrainerConfig;
import io.prefstream.trainer.app.TrainerConfigLoader;
import io.prefstream.trainer.model.LanguageModel;
import io.prefstream.trainer.round.RoundReport;
import io.prefstream.trainer.round.SampleGeneration;

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
        return JsonFiles.readValue(JSON, directory.resolve(CheckpointLayout.LINEAGE), Lineage.class,
                "checkpoint lineage");
    }

    /**
     * Reads a checkpoint's round report as {@link CheckpointStore} wrote it.
     *
     * <p>Metrics and loss come back bit for bit (JSON numbers are written in their shortest
     * round-tripping form); the duration comes back to the millisecond. A report written before
     * reports carried sample generations comes back with none. The path is the
     * directory read, which is where the checkpoint is now even if its root has moved.
     *
     * @throws IOException when the file is missing, is not valid JSON or lacks a field
     */
    public static RoundReport readReport(Path directory) throws IOException {
        Path file = directory.resolve(CheckpointLayout.REPORT);
        JsonNode node = JsonFiles.readTree(JSON, file, "checkpoint report");
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> metric : field(node, "metrics", file).properties()) {
            metrics.put(metric.getKey(), number(metric.getValue()));
        }
        List<SampleGeneration> samples = new ArrayList<>();
        for (JsonNode sample : node.path(CheckpointStore.SAMPLES_FIELD)) {
            samples.add(new SampleGeneration(sample.path("prompt").asText(), sample.path("response").asText(),
                    sample.path("complete").asBoolean()));
        }
        JsonNode parent = node.get("parent_checkpoint");
        return new RoundReport(field(node, "snapshot_id", file).asText(), field(node, "round", file).asInt(),
                field(node, "checkpoint_id", file).asText(), directory.toAbsolutePath(),
                parent == null || parent.isNull() ? null : parent.asText(), field(node, "steps", file).asInt(),
                number(field(node, "loss", file)), Collections.unmodifiableMap(metrics),
                Duration.ofMillis(field(node, "duration_ms", file).asLong()), samples);
    }

    private static JsonNode field(JsonNode node, String name, Path file) throws IOException {
        JsonNode value = node == null ? null : node.get(name);
        if (value == null || value.isNull()) {
            throw new IOException("checkpoint report " + file + " has no '" + name + "'");
        }
        return value;
    }

    /** Jackson writes NaN and infinities as strings, which {@link Double#parseDouble} reads back. */
    private static double number(JsonNode value) {
        return value.isNumber() ? value.doubleValue() : Double.parseDouble(value.asText());
    }

    /**
     * Loads the policy of a checkpoint onto the device named in its config, with the vocabulary size
     * its {@code tokenizer.json} records; the caller closes it.
     *
     * @throws IOException when a file is missing or the parameters do not match the recorded shape
     */
    public static LanguageModel loadModel(Path directory) throws IOException {
        TrainerConfig config = readConfig(directory);
        return PolicyModels.checkpoint(directory, config, TokenizerDescription.vocabSize(directory),
                Device.fromName(config.device()));
    }
}

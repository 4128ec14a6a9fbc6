package io.prefstream.trainer.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prefstream.trainer.loss.DataResponses;
import io.prefstream.trainer.loss.PessimismForm;
import io.prefstream.trainer.loss.ReferencePolicy;

/**
 * Reads a {@link TrainerConfig} from a JSON or properties file plus overrides, and writes it as JSON.
 *
 * <p>The {@code objective} key, wherever it appears, is applied first and picks the preset; every
 * other key then overrides one knob, file entries before overrides. Unknown keys are errors.
 */
public final class TrainerConfigLoader {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TrainerConfigLoader() {
    }

    /**
     * Loads a config.
     *
     * @param file a {@code .json} file holding one flat object, any other file read as properties; null for none
     * @param overrides keys and values applied after the file, for example from command-line options
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException for an unknown key or a bad value, naming both
     */
    public static TrainerConfig load(Path file, Map<String, String> overrides) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        if (file != null) {
            entries.putAll(read(file));
        }
        entries.putAll(overrides);
        String objective = entries.getOrDefault(TrainerConfig.OBJECTIVE_KEY, TrainerConfig.SPAC);
        return apply(TrainerConfig.preset(objective), entries);
    }

    /**
     * Returns the base config with the entries applied together, so that limits which bound
     * each other (sequence, response and new-token lengths) are validated once, on the result.
     * An {@code objective} entry first resets the objective knobs to that preset.
     *
     * @throws IllegalArgumentException for an unknown key or a bad value, naming both
     */
    static TrainerConfig apply(TrainerConfig base, Map<String, String> entries) {
        TrainerConfig start = base;
        if (entries.containsKey(TrainerConfig.OBJECTIVE_KEY)) {
            start = base.withObjective(entries.get(TrainerConfig.OBJECTIVE_KEY).trim());
        }
        Map<String, String> map = start.toMap();
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            if (!map.containsKey(entry.getKey())) {
                throw new IllegalArgumentException("unknown trainer config key '" + entry.getKey()
                        + "', known keys: " + map.keySet());
            }
            if (!TrainerConfig.OBJECTIVE_KEY.equals(entry.getKey())) {
                map.put(entry.getKey(), entry.getValue().trim());
            }
        }
        return fromMap(map);
    }

    /** Reads the flat key/value entries of a JSON or properties file. */
    static Map<String, String> read(Path file) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
            JsonNode root = JsonFiles.readTree(JSON, file, "trainer config");
            if (root == null || !root.isObject()) {
                throw new IOException("trainer config " + file + " must hold one JSON object");
            }
            for (Map.Entry<String, JsonNode> field : root.properties()) {
                if (field.getValue().isContainerNode()) {
                    throw new IOException("trainer config " + file + ": key '" + field.getKey()
                            + "' must hold a plain value");
                }
                entries.put(field.getKey(), field.getValue().asText());
            }
            return entries;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        properties.stringPropertyNames().stream().sorted().forEach(k -> entries.put(k, properties.getProperty(k)));
        return entries;
    }

    /** Returns the config as a JSON object with numbers as numbers, in declaration order. */
    public static byte[] toJson(TrainerConfig config) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        for (Map.Entry<String, String> entry : config.toMap().entrySet()) {
            String value = entry.getValue();
            if (value.equals("true") || value.equals("false")) {
                node.put(entry.getKey(), Boolean.parseBoolean(value));
            } else if (value.matches("-?\\d+")) {
                node.put(entry.getKey(), Long.parseLong(value));
            } else if (value.matches("-?[\\d.]+(E-?\\d+)?")) {
                node.put(entry.getKey(), Double.parseDouble(value));
            } else {
                node.put(entry.getKey(), value);
            }
        }
        return (JSON.writeValueAsString(node) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Builds a config from a complete map as written by {@link TrainerConfig#toMap()}. */
    static TrainerConfig fromMap(Map<String, String> map) {
        return new TrainerConfig(map.get(TrainerConfig.OBJECTIVE_KEY), dbl(map, TrainerConfig.BETA_KEY),
                dbl(map, TrainerConfig.LAMBDA_KEY), dbl(map, TrainerConfig.BT_WEIGHT_KEY),
                enumValue(map, TrainerConfig.PESSIMISM_FORM_KEY, PessimismForm.class),
                enumValue(map, TrainerConfig.DATA_RESPONSES_KEY, DataResponses.class),
                enumValue(map, TrainerConfig.REFERENCE_KEY, ReferencePolicy.class),
                integer(map, TrainerConfig.ROUNDS_KEY), integer(map, TrainerConfig.EPOCHS_PER_ROUND_KEY),
                integer(map, TrainerConfig.SAMPLES_PER_PROMPT_KEY), dbl(map, TrainerConfig.TEMPERATURE_KEY),
                dbl(map, TrainerConfig.TOP_P_KEY), integer(map, TrainerConfig.MAX_NEW_TOKENS_KEY),
                dbl(map, TrainerConfig.LEARNING_RATE_KEY), dbl(map, TrainerConfig.SFT_LEARNING_RATE_KEY),
                integer(map, TrainerConfig.BATCH_SIZE_KEY), longValue(map, TrainerConfig.SEED_KEY),
                map.get(TrainerConfig.MODEL_KEY), map.get(TrainerConfig.DEVICE_KEY),
                integer(map, TrainerConfig.MAX_SEQUENCE_LENGTH_KEY),
                integer(map, TrainerConfig.MAX_RESPONSE_TOKENS_KEY), integer(map, TrainerConfig.SFT_EPOCHS_KEY),
                integer(map, TrainerConfig.PROMPTS_PER_ROUND_KEY), integer(map, TrainerConfig.EVAL_SAMPLE_PROMPTS_KEY),
                integer(map, TrainerConfig.SCORING_BATCH_SIZE_KEY), map.get(TrainerConfig.TOKENIZER_KEY),
                bool(map, TrainerConfig.JUDGE_KEY), map.get(TrainerConfig.JUDGE_MODEL_KEY),
                integer(map, TrainerConfig.JUDGE_EPOCHS_KEY), dbl(map, TrainerConfig.JUDGE_LEARNING_RATE_KEY),
                integer(map, TrainerConfig.SAMPLE_GENERATIONS_KEY));
    }

    private static boolean bool(Map<String, String> map, String key) {
        String value = map.get(key).toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw badValue(map, key, new IllegalArgumentException("expected true or false"));
        }
        return Boolean.parseBoolean(value);
    }

    private static double dbl(Map<String, String> map, String key) {
        try {
            return Double.parseDouble(map.get(key));
        } catch (NumberFormatException e) {
            throw badValue(map, key, e);
        }
    }

    private static int integer(Map<String, String> map, String key) {
        try {
            return Integer.parseInt(map.get(key));
        } catch (NumberFormatException e) {
            throw badValue(map, key, e);
        }
    }

    private static long longValue(Map<String, String> map, String key) {
        try {
            return Long.parseLong(map.get(key));
        } catch (NumberFormatException e) {
            throw badValue(map, key, e);
        }
    }

    private static <E extends Enum<E>> E enumValue(Map<String, String> map, String key, Class<E> type) {
        try {
            return Enum.valueOf(type, map.get(key).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw badValue(map, key, e);
        }
    }

    private static IllegalArgumentException badValue(Map<String, String> map, String key, Exception cause) {
        return new IllegalArgumentException("bad value '" + map.get(key) + "' for trainer config key '" + key + "'",
                cause);
    }
}

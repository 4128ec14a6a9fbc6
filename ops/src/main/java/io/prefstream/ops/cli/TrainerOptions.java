package io.prefstream.ops.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.prefstream.trainer.app.TrainerConfig;
import io.prefstream.trainer.app.TrainerConfigLoader;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Trainer settings shared by {@code demo} and {@code train}: a preset, a config file and overrides. */
final class TrainerOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--preset", paramLabel = "spac|dpo|spin",
            description = "Objective preset (default spac, or the objective in --trainer-config).")
    String preset;

    @Option(names = "--rounds", paramLabel = "N", description = "SPAC rounds after the warm start (default 2).")
    Integer rounds;

    @Option(names = "--model", paramLabel = "tiny|small|base|FILE.pt",
            description = "Model size preset (default small), or a pretrained model exported to TorchScript.")
    String model;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed for sampling and initialisation (default 42).")
    Long seed;

    @Option(names = "--trainer-config", paramLabel = "FILE",
            description = "Properties or JSON file of trainer knobs (see the README's table).")
    Path configFile;

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
            description = "Override any trainer knob, for example --set beta=0.2 --set lambda=0.5.")
    Map<String, String> overrides = new LinkedHashMap<>();

    /**
     * Builds the configuration: the file (or the spac defaults), then the preset's objective
     * knobs, then every override at once, so that related knobs are validated together.
     */
    TrainerConfig config() throws IOException {
        Map<String, String> all = new LinkedHashMap<>(overrides);
        if (rounds != null) {
            all.put(TrainerConfig.ROUNDS_KEY, rounds.toString());
        }
        if (model != null) {
            all.put("model", model);
        }
        if (seed != null) {
            all.put("seed", seed.toString());
        }
        try {
            TrainerConfig config = configFile != null ? TrainerConfigLoader.load(configFile, Map.of())
                    : TrainerConfig.preset(TrainerConfig.SPAC);
            if (preset != null) {
                config = config.withObjective(preset);
            }
            return config.with(all);
        } catch (IllegalArgumentException e) {
            // an unknown key or an out-of-range value is a mistake on the command line (or in its file)
            throw new ParameterException(command.commandLine(), e.getMessage(), e);
        }
    }
}

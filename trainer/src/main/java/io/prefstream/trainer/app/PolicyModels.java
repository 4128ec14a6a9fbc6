package io.prefstream.trainer.app;

import java.io.IOException;
import java.nio.file.Path;

import ai.djl.Device;

import io.prefstream.trainer.model.LanguageModel;

/** Opens the policy a config describes: a preset's fresh weights or a pretrained TorchScript model. */
public final class PolicyModels {

    private PolicyModels() {
    }

    /**
     * Returns the policy a run starts from.
     *
     * @param config its {@code model} names a preset or a TorchScript file
     * @param vocabSize the tokenizer's vocabulary, special ids included
     * @param device where to place the parameters
     * @throws IOException when a pretrained model cannot be read or scores another vocabulary
     */
    public static LanguageModel fresh(TrainerConfig config, int vocabSize, Device device) throws IOException {
        if (!config.usesPretrainedModel()) {
            // round 0's weights: the engine is seeded with the run seed right before they are drawn
            return LanguageModel.create(config.modelSpec(vocabSize), device, config.seed());
        }
        LanguageModel model = LanguageModel.importTorchScript(Path.of(config.model()), config.maxSequenceLength(),
                device);
        if (model.vocabSize() != vocabSize) {
            model.close();
            throw new IOException("pretrained model " + config.model() + " scores " + model.vocabSize()
                    + " ids but the tokenizer needs " + vocabSize + " (its own ids, then BOS, EOS and PAD);"
                    + " export the model with its vocabulary resized to " + vocabSize);
        }
        return model;
    }

    /**
     * Returns the policy saved in a checkpoint of a run with this config.
     *
     * @param directory the checkpoint directory
     * @param config the run's config
     * @param vocabSize the tokenizer's vocabulary, special ids included
     * @param device where to place the parameters
     * @throws IOException when the parameters are missing or do not match
     */
    public static LanguageModel checkpoint(Path directory, TrainerConfig config, int vocabSize, Device device)
            throws IOException {
        if (config.usesPretrainedModel()) {
            return LanguageModel.loadTorchScript(directory, config.maxSequenceLength(), device);
        }
        return LanguageModel.load(directory, config.modelSpec(vocabSize), device);
    }
}

package io.prefstream.trainer.judge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.djl.Device;

import io.prefstream.trainer.app.JsonFiles;
import io.prefstream.trainer.app.TrainerConfig;
import io.prefstream.trainer.checkpoint.CheckpointLayout;
import io.prefstream.trainer.checkpoint.CheckpointStore;
import io.prefstream.trainer.checkpoint.TokenizerDescription;
import io.prefstream.trainer.data.PreferenceExample;
import io.prefstream.trainer.data.TextTokenizer;
import io.prefstream.trainer.model.ModelSpec;
import io.prefstream.trainer.round.Seeds;

/**
 * Trains a snapshot's judge once and caches it under the checkpoint root, so that a resumed or
 * repeated run of the snapshot loads it instead of training it again.
 *
 * <p>The cache is {@code judges/<snapshot id>/} (see {@link CheckpointLayout}), published atomically
 * like a checkpoint. Its {@code judge.json} records every setting the judge's weights depend on
 * (snapshot manifest, tokenizer, judge preset, epochs, learning rate, batch size, seed, sequence
 * limits, device); a cached judge is used only when they all equal the run's, and is trained again
 * and replaced otherwise. Training is seeded from the run seed alone, so a judge trained again with
 * the same settings has the same weights.
 */
public final class JudgeStore {

    private static final Logger LOG = LoggerFactory.getLogger(JudgeStore.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final double NANOS_PER_SECOND = 1e9;
    private static final String SETTINGS = "settings";
    private static final String EVAL_ACCURACY = "eval_accuracy";

    private final CheckpointStore store;

    /**
     * Creates a store.
     *
     * @param store the checkpoint root the judges are cached under
     */
    public JudgeStore(CheckpointStore store) {
        this.store = store;
    }

    /**
     * Returns the snapshot's judge, loaded from the cache when it was trained with the same settings,
     * otherwise trained on the train pairs, evaluated on the eval pairs and cached. The caller closes it.
     *
     * @param config supplies the judge's settings, the batch sizes and the seed
     * @param tokenizer the run's tokenizer, which fixes the vocabulary
     * @param snapshotId the snapshot the pairs come from
     * @param manifestSha256 SHA-256 of the snapshot's manifest
     * @param train the train split, encoded
     * @param eval the eval split, encoded
     * @param device where the judge runs
     * @throws IOException when the cache cannot be read or written
     */
    public Judge loadOrTrain(TrainerConfig config, TextTokenizer tokenizer, String snapshotId, String manifestSha256,
            List<PreferenceExample> train, List<PreferenceExample> eval, Device device) throws IOException {
        ObjectNode settings = settings(config, tokenizer, manifestSha256);
        ModelSpec spec = config.judgeSpec(tokenizer.vocabSize());
        Path directory = store.judgeDirectoryOf(snapshotId);
        Path file = directory.resolve(CheckpointLayout.JUDGE);
        if (Files.exists(file)) {
            JsonNode cached = JsonFiles.readTree(JSON, file, "judge cache");
            if (settings.equals(cached.get(SETTINGS))) {
                double accuracy = cached.path(EVAL_ACCURACY).asDouble(Double.NaN);
                LOG.info("snapshot {}: judge loaded from {}, held-out accuracy {}", snapshotId, directory,
                        String.format("%.4f", accuracy));
                return new Judge(RewardModel.load(directory, spec, device), config.scoringBatchSize(), accuracy);
            }
            LOG.info("snapshot {}: judge cached at {} was trained with other settings; training it again",
                    snapshotId, directory);
        }
        return train(config, settings, spec, snapshotId, train, eval, device);
    }

    private Judge train(TrainerConfig config, ObjectNode settings, ModelSpec spec, String snapshotId,
            List<PreferenceExample> train, List<PreferenceExample> eval, Device device) throws IOException {
        long start = System.nanoTime();
        RewardModel model = RewardModel.create(spec, device, Seeds.stream(config.seed(), 0, "judge-init").nextInt());
        try {
            JudgeTrainer.Fit fit = new JudgeTrainer(config.judgeEpochs(), config.judgeLearningRate(),
                    config.batchSize(), config.seed()).train(model, train);
            double accuracy = Judge.accuracy(model, eval, config.scoringBatchSize());
            ObjectNode record = JSON.createObjectNode();
            record.put("snapshot_id", snapshotId);
            record.set(SETTINGS, settings);
            record.put("train_pairs", train.size());
            record.put("steps", fit.steps());
            record.put("first_epoch_loss", fit.firstEpochLoss());
            record.put("last_epoch_loss", fit.lastEpochLoss());
            record.put("eval_pairs", eval.size());
            record.put(EVAL_ACCURACY, accuracy);
            Path directory = store.publishJudge(snapshotId, staging -> {
                model.save(staging);
                Files.write(staging.resolve(CheckpointLayout.JUDGE),
                        (JSON.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8));
            });
            LOG.info("snapshot {} judge: {} pairs, {} epochs, {} steps, loss {} -> {}, held-out accuracy {} on {}"
                    + " pairs, {} s; cached at {}", snapshotId, train.size(), config.judgeEpochs(), fit.steps(),
                    String.format("%.4f", fit.firstEpochLoss()), String.format("%.4f", fit.lastEpochLoss()),
                    String.format("%.4f", accuracy), eval.size(),
                    String.format("%.1f", (System.nanoTime() - start) / NANOS_PER_SECOND), directory);
            return new Judge(model, config.scoringBatchSize(), accuracy);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Returns every setting the judge's weights depend on, as strings, with the tokenizer's description. */
    private static ObjectNode settings(TrainerConfig config, TextTokenizer tokenizer, String manifestSha256)
            throws IOException {
        ObjectNode settings = JSON.createObjectNode();
        settings.put("snapshot_manifest_sha256", manifestSha256);
        for (String key : List.of(TrainerConfig.JUDGE_MODEL_KEY, TrainerConfig.JUDGE_EPOCHS_KEY,
                TrainerConfig.JUDGE_LEARNING_RATE_KEY, TrainerConfig.BATCH_SIZE_KEY, TrainerConfig.SEED_KEY,
                TrainerConfig.MAX_SEQUENCE_LENGTH_KEY, TrainerConfig.MAX_RESPONSE_TOKENS_KEY,
                TrainerConfig.DEVICE_KEY)) {
            settings.put(key, config.toMap().get(key));
        }
        settings.set(TrainerConfig.TOKENIZER_KEY, JSON.readTree(TokenizerDescription.json(tokenizer)));
        return settings;
    }
}

package io.prefstream.trainer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.prefstream.schemas.v1.PreferenceRecord;
import io.prefstream.trainer.app.TrainerConfig;
import io.prefstream.trainer.data.TrainingData;
import io.prefstream.trainer.model.ModelSpec;

/** Tiny synthetic preference data and a matching config, for tests on CPU in seconds. */
public final class TestRecords {

    /** Snapshot id of the synthetic data. */
    public static final String SNAPSHOT_ID = "v000007";

    private static final String[] CITIES = {"Paris", "Rome", "Oslo", "Lima", "Kyiv", "Doha", "Bern", "Riga"};
    private static final String[] COUNTRIES = {"France", "Italy", "Norway", "Peru", "Ukraine", "Qatar", "Switzerland",
        "Latvia"};

    private TestRecords() {
    }

    /** Returns one record. */
    public static PreferenceRecord record(String id, String prompt, String chosen, String rejected) {
        return PreferenceRecord.newBuilder()
                .setId(id)
                .setSource("test")
                .setContentKey("key-" + id)
                .setPrompt(prompt)
                .setChosen(chosen)
                .setRejected(rejected)
                .setCreatedAt(Instant.parse("2024-01-01T00:00:00Z"))
                .build();
    }

    /** Returns {@code count} pairs where the chosen answer is helpful and the rejected one dismissive. */
    public static List<PreferenceRecord> pairs(int count, int offset) {
        List<PreferenceRecord> records = new ArrayList<>();
        for (int i = offset; i < offset + count; i++) {
            String country = COUNTRIES[i % COUNTRIES.length];
            String city = CITIES[i % CITIES.length];
            String prompt = i % 2 == 0 ? "What is the capital of " + country + "? (" + i + ")"
                    : "\n\nHuman: Name the capital of " + country + ", please. #" + i + "\n\nAssistant:";
            records.add(record("r" + i, prompt, " The capital is " + city + ".", " Figure it out yourself."));
        }
        return records;
    }

    /** Returns 24 train and 8 eval pairs. */
    public static TrainingData data() {
        return new TrainingData(SNAPSHOT_ID, "0".repeat(64), pairs(24, 0), pairs(8, 100));
    }

    /** Returns a config for the tiny model: short sequences, one round, few samples. */
    public static TrainerConfig tinyConfig() {
        return TrainerConfig.preset(TrainerConfig.SPAC)
                .withModel(ModelSpec.TINY)
                .withLengths(64, 24, 12)
                .withSftEpochs(2)
                .withSftLearningRate(3e-3)
                .withLearningRate(1e-3)
                .withRounds(1)
                .withEpochsPerRound(1)
                .withBatchSize(8)
                .withPromptsPerRound(16)
                .withEvalSamplePrompts(4)
                .withScoringBatchSize(16);
    }
}

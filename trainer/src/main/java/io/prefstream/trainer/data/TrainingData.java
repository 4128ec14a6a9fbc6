package io.prefstream.trainer.data;

import java.util.ArrayList;
import java.util.List;

import io.prefstream.schemas.snapshot.SnapshotReader.Snapshot;
import io.prefstream.schemas.v1.PreferenceRecord;

/**
 * The records a run trains and evaluates on, with the identity of the snapshot they came from.
 *
 * @param snapshotId the snapshot id, e.g. {@code v000003}
 * @param manifestSha256 SHA-256 of the snapshot's manifest file
 * @param train records of the train split
 * @param eval records of the eval split
 */
public record TrainingData(String snapshotId, String manifestSha256, List<PreferenceRecord> train,
        List<PreferenceRecord> eval) {

    /** Returns the splits of a loaded snapshot. */
    public static TrainingData of(Snapshot snapshot) {
        return new TrainingData(snapshot.manifest().snapshotId(), snapshot.manifestSha256(), snapshot.train(),
                snapshot.eval());
    }

    /**
     * Encodes records into examples with the prompt template, the encoder's tokenizer and its
     * truncation policy. Prompt and each response are tokenised separately, then joined.
     */
    public static List<PreferenceExample> encode(List<PreferenceRecord> records, SequenceEncoder encoder) {
        TextTokenizer tokenizer = encoder.tokenizer();
        List<PreferenceExample> examples = new ArrayList<>(records.size());
        for (PreferenceRecord record : records) {
            String prompt = PromptFormat.format(record.getPrompt());
            int[] promptIds = tokenizer.encode(prompt);
            examples.add(new PreferenceExample(record.getId(), record.getContentKey(), promptIds,
                    encoder.encode(promptIds, tokenizer.encode(record.getChosen()), true),
                    encoder.encode(promptIds, tokenizer.encode(record.getRejected()), true)));
        }
        return examples;
    }
}

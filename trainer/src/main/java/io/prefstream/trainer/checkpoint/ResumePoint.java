package io.prefstream.trainer.checkpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.prefstream.trainer.app.TrainerConfig;
import io.prefstream.trainer.data.TextTokenizer;
import io.prefstream.trainer.round.RoundReport;

/**
 * The rounds of a snapshot's run already published under a checkpoint root, checked against the
 * current run and read back, so the run can continue after the last of them.
 *
 * <p>A checkpoint is accepted when it was trained on the same snapshot contents (manifest
 * SHA-256), with the same tokenizer and with the same config in every key but
 * {@link TrainerConfig#ROUNDS_KEY}: those fix every draw and every step of a round, so continuing
 * from it ends where an uninterrupted run ends. Anything else is an
 * {@link IncompatibleCheckpointException} naming the first differing key.
 *
 * @param reports the published rounds' reports, round 0 first, read back from {@code report.json}
 */
public record ResumePoint(List<RoundReport> reports) {

    /** Copies the list. */
    public ResumePoint {
        reports = List.copyOf(reports);
    }

    /**
     * Finds and checks the published rounds of a snapshot.
     *
     * @param store the checkpoint root
     * @param snapshotId the snapshot being trained
     * @param manifestSha256 SHA-256 of the snapshot's manifest, which the checkpoints' lineage must name
     * @param config the current run's config
     * @param tokenizer the current run's tokenizer, whose description the checkpoints' must equal
     * @throws IncompatibleCheckpointException when a published round cannot be continued
     * @throws IOException when a checkpoint's files cannot be read
     */
    public static ResumePoint find(CheckpointStore store, String snapshotId, String manifestSha256,
            TrainerConfig config, TextTokenizer tokenizer) throws IOException {
        byte[] tokenizerDescription = TokenizerDescription.json(tokenizer);
        List<RoundReport> reports = new ArrayList<>();
        for (CheckpointId id : store.completed(snapshotId)) {
            Path directory = store.directoryOf(id);
            Lineage lineage = CheckpointReader.readLineage(directory);
            requireEqual(directory, "snapshot_manifest_sha256", lineage.snapshotManifestSha256(), manifestSha256);
            requireTokenizer(directory, tokenizerDescription);
            requireCompatible(directory, CheckpointReader.readConfig(directory), config);
            RoundReport report = CheckpointReader.readReport(directory);
            requireEqual(directory, "checkpoint_id", report.checkpointId(), id.name());
            reports.add(report);
        }
        return new ResumePoint(reports);
    }

    /** Returns whether no round of the snapshot is published yet. */
    public boolean isEmpty() {
        return reports.isEmpty();
    }

    /** Returns the first round still to train: the number of rounds published. */
    public int nextRound() {
        return reports.size();
    }

    /** Returns the report of the last published round; only when not {@link #isEmpty()}. */
    public RoundReport last() {
        return reports.get(reports.size() - 1);
    }

    /** Returns the reports of rounds {@code 0..lastRound} that are published. */
    public List<RoundReport> upTo(int lastRound) {
        return reports.subList(0, Math.min(reports.size(), lastRound + 1));
    }

    /** Fails on the first key, in declaration order, whose value differs; {@code rounds} may differ. */
    static void requireCompatible(Path directory, TrainerConfig saved, TrainerConfig current) {
        Map<String, String> now = current.toMap();
        for (Map.Entry<String, String> entry : saved.toMap().entrySet()) {
            if (!TrainerConfig.ROUNDS_KEY.equals(entry.getKey())) {
                requireEqual(directory, entry.getKey(), entry.getValue(), now.get(entry.getKey()));
            }
        }
    }

    /** A checkpoint from before {@code tokenizer.json} existed has none and was made with the byte tokenizer. */
    private static void requireTokenizer(Path directory, byte[] current) throws IOException {
        Path file = directory.resolve(CheckpointLayout.TOKENIZER);
        if (!Files.exists(file) && !Arrays.equals(current, TokenizerDescription.json())) {
            throw new IncompatibleCheckpointException(directory, CheckpointLayout.TOKENIZER, TokenizerDescription.TYPE,
                    new String(current, StandardCharsets.UTF_8).strip());
        }
        if (Files.exists(file) && !Arrays.equals(Files.readAllBytes(file), current)) {
            throw new IncompatibleCheckpointException(directory, CheckpointLayout.TOKENIZER,
                    Files.readString(file, StandardCharsets.UTF_8).strip(),
                    new String(current, StandardCharsets.UTF_8).strip());
        }
    }

    private static void requireEqual(Path directory, String key, String saved, String current) {
        if (!Objects.equals(saved, current)) {
            throw new IncompatibleCheckpointException(directory, key, String.valueOf(saved), String.valueOf(current));
        }
    }
}

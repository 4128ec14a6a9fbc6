package io.prefstream.trainer.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prefstream.trainer.app.TrainerConfig;
import io.prefstream.trainer.app.TrainerConfigLoader;
import io.prefstream.trainer.data.TextTokenizer;
import io.prefstream.trainer.model.LanguageModel;
import io.prefstream.trainer.round.RoundReport;
import io.prefstream.trainer.round.SampleGeneration;

/**
 * Publishes checkpoints under a root directory, each atomically, then moves the {@code latest} pointer.
 *
 * <p>A checkpoint is written into a {@code .staging-*} directory, flushed to disk, and renamed into
 * place with an atomic move, so a reader sees either nothing or the complete directory, also after
 * the process is killed or the machine loses power. The {@code latest} file is replaced the same
 * way, after the directory is in place. See {@link CheckpointLayout}.
 *
 * <p>One run writes to a root at a time: {@link #removeStaging()} deletes every staging entry,
 * which is only safe when no other writer is mid-publish.
 */
public final class CheckpointStore {

    /** Field of {@code report.json} holding the round's sample generations. */
    static final String SAMPLES_FIELD = "samples";

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;

    /**
     * Creates a store.
     *
     * @param root the checkpoints root; created on first publish
     */
    public CheckpointStore(Path root) {
        this.root = root.toAbsolutePath();
    }

    /** Returns where a checkpoint is (or will be) published. */
    public Path directoryOf(CheckpointId id) {
        return root.resolve(id.name());
    }

    /** Returns where the judge of a snapshot is (or will be) cached: {@code judges/<snapshot id>}. */
    public Path judgeDirectoryOf(String snapshotId) {
        return root.resolve(CheckpointLayout.JUDGES).resolve(new CheckpointId(snapshotId, 0).snapshotId());
    }

    /**
     * Writes and publishes one checkpoint, then points {@code latest} at it.
     *
     * <p>An existing checkpoint with the same id (a rerun of the same snapshot) is replaced.
     *
     * @param tokenizer the tokenizer the model's ids come from, described in {@code tokenizer.json}; a
     *     Hugging Face tokenizer's file is copied in as well
     * @return the published directory
     */
    public Path publish(CheckpointId id, LanguageModel model, TrainerConfig config, TextTokenizer tokenizer,
            RoundReport report, Lineage lineage) throws IOException {
        Path target = directoryOf(id);
        publishDirectory(id.name(), target, staging -> {
            model.save(staging);
            Files.write(staging.resolve(CheckpointLayout.CONFIG), TrainerConfigLoader.toJson(config));
            Files.write(staging.resolve(CheckpointLayout.TOKENIZER), TokenizerDescription.json(tokenizer));
            if (tokenizer.source().isPresent()) {
                Files.copy(tokenizer.source().get(), staging.resolve(CheckpointLayout.TOKENIZER_SOURCE));
            }
            Files.write(staging.resolve(CheckpointLayout.REPORT), reportJson(report));
            Files.write(staging.resolve(CheckpointLayout.LINEAGE),
                    (JSON.writeValueAsString(lineage) + "\n").getBytes(StandardCharsets.UTF_8));
        });
        updateLatest(id);
        return target;
    }

    /**
     * Writes and publishes the judge of a snapshot under {@link #judgeDirectoryOf}, replacing an older one.
     * The {@code latest} pointer is not touched: a judge is not a checkpoint.
     *
     * @param snapshotId the snapshot the judge was trained on
     * @param writer writes the judge's files into the directory it is given
     * @return the published directory
     */
    public Path publishJudge(String snapshotId, DirectoryWriter writer) throws IOException {
        Path target = judgeDirectoryOf(snapshotId);
        Files.createDirectories(target.getParent());
        publishDirectory(CheckpointLayout.JUDGES + "-" + snapshotId, target, writer);
        sync(target.getParent());
        return target;
    }

    /** Writes the files of a directory to be published. */
    @FunctionalInterface
    public interface DirectoryWriter {

        /** Writes into the (staging) directory. */
        void write(Path directory) throws IOException;
    }

    /** Stages a directory in the root, flushes it and renames it onto the target, replacing any old one. */
    private void publishDirectory(String name, Path target, DirectoryWriter writer) throws IOException {
        Files.createDirectories(root);
        Path staging = Files.createTempDirectory(root, CheckpointLayout.STAGING_PREFIX + name + "-");
        try {
            writer.write(staging);
            // without this, a power loss after the rename could leave a published directory of empty files
            syncTree(staging);
            moveIntoPlace(staging, target, name);
            sync(root);
        } catch (IOException | RuntimeException e) {
            deleteTree(staging);
            throw e;
        }
    }

    /** Returns the directory name held by {@code latest}, if any checkpoint was published. */
    public Optional<String> latest() throws IOException {
        Path pointer = root.resolve(CheckpointLayout.LATEST);
        if (!Files.exists(pointer)) {
            return Optional.empty();
        }
        return Optional.of(Files.readString(pointer, StandardCharsets.UTF_8).trim());
    }

    /**
     * Returns the published checkpoints of a snapshot's run, round 0 first, up to the first missing round.
     *
     * <p>A published directory is complete, since it only appears by an atomic rename; a gap means
     * a later round is from some other, earlier run and is replaced when its round runs again.
     */
    public List<CheckpointId> completed(String snapshotId) {
        List<CheckpointId> ids = new ArrayList<>();
        for (int round = 0; Files.isDirectory(directoryOf(new CheckpointId(snapshotId, round))); round++) {
            ids.add(new CheckpointId(snapshotId, round));
        }
        return ids;
    }

    /**
     * Deletes the {@code .staging-*} entries a writer killed mid-publish left behind.
     *
     * @return how many entries were removed
     */
    public int removeStaging() throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        List<Path> leftovers;
        try (Stream<Path> entries = Files.list(root)) {
            leftovers = entries.filter(p -> p.getFileName().toString().startsWith(CheckpointLayout.STAGING_PREFIX))
                    .toList();
        }
        for (Path leftover : leftovers) {
            deleteTree(leftover);
        }
        if (!leftovers.isEmpty()) {
            LOG.warn("checkpoint root {}: removed {} staging entries left by an interrupted run", root,
                    leftovers.size());
        }
        return leftovers.size();
    }

    /** Points {@code latest} at a published checkpoint, atomically. */
    public void pointLatestAt(CheckpointId id) throws IOException {
        if (!Files.isDirectory(directoryOf(id))) {
            throw new IllegalArgumentException("checkpoint " + id + " is not published under " + root);
        }
        updateLatest(id);
    }

    private void moveIntoPlace(Path staging, Path target, String name) throws IOException {
        if (Files.exists(target)) {
            Path replaced = Files.createTempDirectory(root, CheckpointLayout.STAGING_PREFIX + "replaced-");
            Files.move(target, replaced.resolve(target.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            LOG.warn("{}: replacing the existing directory of the same name", name);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(replaced);
        } else {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private void updateLatest(CheckpointId id) throws IOException {
        Path temp = Files.createTempFile(root, CheckpointLayout.STAGING_PREFIX + "latest-", ".tmp");
        Files.writeString(temp, id.name() + "\n", StandardCharsets.UTF_8);
        sync(temp);
        Files.move(temp, root.resolve(CheckpointLayout.LATEST), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        sync(root);
    }

    /** Flushes every file of a directory tree, then the directories themselves. */
    private static void syncTree(Path directory) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(directory)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : paths) {
            sync(path);
        }
    }

    /** Flushes a file or, on Linux, a directory's entries; opening for read is enough for fsync. */
    private static void sync(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Returns the report as JSON: ids, path, steps, loss, metrics, duration in milliseconds and samples. */
    static byte[] reportJson(RoundReport report) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("snapshot_id", report.snapshotId());
        node.put("round", report.round());
        node.put("checkpoint_id", report.checkpointId());
        node.put("checkpoint_path", report.checkpointPath().toString());
        node.put("parent_checkpoint", report.parentCheckpoint());
        node.put("steps", report.steps());
        node.put("loss", report.loss());
        ObjectNode metrics = node.putObject("metrics");
        for (Map.Entry<String, Double> metric : report.metrics().entrySet()) {
            metrics.put(metric.getKey(), metric.getValue());
        }
        node.put("duration_ms", report.duration().toMillis());
        ArrayNode samples = node.putArray(SAMPLES_FIELD);
        for (SampleGeneration sample : report.samples()) {
            ObjectNode entry = samples.addObject();
            entry.put("prompt", sample.prompt());
            entry.put("response", sample.response());
            entry.put("complete", sample.complete());
        }
        return (JSON.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete " + path, e);
                }
            });
        }
    }
}

package io.prefstream.trainer.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prefstream.trainer.app.TrainerConfig;
import io.prefstream.trainer.app.TrainerConfigLoader;
import io.prefstream.trainer.model.LanguageModel;
import io.prefstream.trainer.round.RoundReport;

/**
 * Publishes checkpoints under a root directory, each atomically, then moves the {@code latest} pointer.
 *
 * <p>A checkpoint is written into a {@code .staging-*} directory and renamed into place with an
 * atomic move, so a reader sees either nothing or the complete directory. The {@code latest}
 * file is replaced the same way, after the directory is in place. See {@link CheckpointLayout}.
 */
public final class CheckpointStore {

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

    /**
     * Writes and publishes one checkpoint, then points {@code latest} at it.
     *
     * <p>An existing checkpoint with the same id (a rerun of the same snapshot) is replaced.
     *
     * @return the published directory
     */
    public Path publish(CheckpointId id, LanguageModel model, TrainerConfig config, RoundReport report,
            Lineage lineage) throws IOException {
        Files.createDirectories(root);
        Path staging = Files.createTempDirectory(root, CheckpointLayout.STAGING_PREFIX + id.name() + "-");
        Path target = directoryOf(id);
        try {
            model.save(staging);
            Files.write(staging.resolve(CheckpointLayout.CONFIG), TrainerConfigLoader.toJson(config));
            Files.write(staging.resolve(CheckpointLayout.REPORT), reportJson(report));
            Files.write(staging.resolve(CheckpointLayout.LINEAGE),
                    (JSON.writeValueAsString(lineage) + "\n").getBytes(StandardCharsets.UTF_8));
            moveIntoPlace(staging, target, id);
        } catch (IOException | RuntimeException e) {
            deleteTree(staging);
            throw e;
        }
        updateLatest(id);
        return target;
    }

    /** Returns the directory name held by {@code latest}, if any checkpoint was published. */
    public Optional<String> latest() throws IOException {
        Path pointer = root.resolve(CheckpointLayout.LATEST);
        if (!Files.exists(pointer)) {
            return Optional.empty();
        }
        return Optional.of(Files.readString(pointer, StandardCharsets.UTF_8).trim());
    }

    private void moveIntoPlace(Path staging, Path target, CheckpointId id) throws IOException {
        if (Files.exists(target)) {
            Path replaced = Files.createTempDirectory(root, CheckpointLayout.STAGING_PREFIX + "replaced-");
            Files.move(target, replaced.resolve(id.name()), StandardCopyOption.ATOMIC_MOVE);
            LOG.warn("checkpoint {}: replacing the existing directory of the same id", id);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(replaced);
        } else {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private void updateLatest(CheckpointId id) throws IOException {
        Path temp = Files.createTempFile(root, CheckpointLayout.STAGING_PREFIX + "latest-", ".tmp");
        Files.writeString(temp, id.name() + "\n", StandardCharsets.UTF_8);
        Files.move(temp, root.resolve(CheckpointLayout.LATEST), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** Returns the report as JSON: ids, path, steps, loss, metrics and duration in milliseconds. */
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

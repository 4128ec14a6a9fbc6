package io.prefstream.ingest.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prefstream.schemas.snapshot.SnapshotLayout;

/**
 * Prunes old snapshots: keeps the newest {@code keep}, and never deletes the latest snapshot
 * or one that a checkpoint was trained on (named by the {@code snapshot_id} of a
 * {@code lineage.json} under the checkpoint root), so every model stays traceable to its data.
 *
 * @param keep how many of the newest snapshots to keep, at least 1
 * @param checkpointRoot directory holding checkpoint directories, each with a {@code lineage.json}
 */
public record SnapshotRetention(int keep, Path checkpointRoot) {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotRetention.class);
    private static final String LINEAGE = "lineage.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Validates the setting. */
    public SnapshotRetention {
        if (keep < 1) {
            throw new IllegalArgumentException("snapshot retention must keep at least 1 snapshot, got " + keep);
        }
    }

    /**
     * Deletes the snapshots this policy does not keep.
     *
     * @return the ids of the deleted snapshots
     */
    public List<String> prune(SnapshotStore store) {
        try (SnapshotWriterLock lock = store.lock()) {
            return pruneLocked(store);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + store.root() + " to prune snapshots", e);
        }
    }

    private List<String> pruneLocked(SnapshotStore store) {
        List<Path> published = store.published();
        Set<String> referenced = referencedByCheckpoints();
        List<String> deleted = new ArrayList<>();
        for (int i = 0; i < published.size() - keep; i++) {
            Path dir = published.get(i);
            String id = dir.getFileName().toString();
            if (referenced.contains(id)) {
                continue;
            }
            try {
                // Rename out of sight first, so no reader ever sees a half-deleted snapshot.
                Path doomed = dir.resolveSibling(SnapshotLayout.STAGING_PREFIX + "pruned-" + id);
                Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
                SnapshotStore.deleteTree(doomed);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete snapshot " + id + " at " + dir, e);
            }
            deleted.add(id);
        }
        if (!deleted.isEmpty()) {
            LOG.info("snapshot retention (keep {}) deleted {} snapshots: {}; kept {} referenced by checkpoints", keep,
                    deleted.size(), deleted, referenced.size());
        }
        return deleted;
    }

    private Set<String> referencedByCheckpoints() {
        Set<String> ids = new HashSet<>();
        if (checkpointRoot == null || !Files.isDirectory(checkpointRoot)) {
            return ids;
        }
        try (Stream<Path> dirs = Files.list(checkpointRoot)) {
            for (Path lineage : dirs.map(d -> d.resolve(LINEAGE)).filter(Files::isRegularFile).toList()) {
                JsonNode snapshotId = JSON.readTree(lineage.toFile()).get("snapshot_id");
                if (snapshotId != null) {
                    ids.add(snapshotId.asText());
                }
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint lineage under " + checkpointRoot, e);
        }
    }
}

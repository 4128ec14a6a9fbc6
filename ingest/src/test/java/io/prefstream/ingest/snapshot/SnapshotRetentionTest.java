package io.prefstream.ingest.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.prefstream.schemas.snapshot.SnapshotLayout;
import io.prefstream.schemas.snapshot.SnapshotManifest;

class SnapshotRetentionTest {

    @TempDir
    Path root;

    private SnapshotStore storeWith(int versions) throws IOException {
        Path snapshots = root.resolve("snapshots");
        for (int v = 1; v <= versions; v++) {
            Path dir = snapshots.resolve(SnapshotManifest.idOf(v));
            Files.createDirectories(dir);
            Files.writeString(SnapshotLayout.manifest(dir), "{}");
        }
        return new SnapshotStore(snapshots);
    }

    private void checkpointOn(String snapshotId) throws IOException {
        Path dir = root.resolve("checkpoints").resolve(snapshotId + "-r1");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("lineage.json"), "{\"snapshot_id\":\"" + snapshotId + "\"}");
    }

    @Test
    void shouldKeepNewestSnapshots() throws IOException {
        SnapshotStore store = storeWith(5);

        var deleted = new SnapshotRetention(2, root.resolve("checkpoints")).prune(store);

        assertThat(deleted).containsExactly("v000001", "v000002", "v000003");
        assertThat(store.published()).extracting(p -> p.getFileName().toString()).containsExactly("v000004", "v000005");
    }

    @Test
    void shouldNeverDeleteSnapshotReferencedByCheckpoint() throws IOException {
        SnapshotStore store = storeWith(4);
        checkpointOn("v000002");

        new SnapshotRetention(1, root.resolve("checkpoints")).prune(store);

        assertThat(store.published()).extracting(p -> p.getFileName().toString()).containsExactly("v000002", "v000004");
    }

    @Test
    void shouldLeaveNoPartialDirectoryBehind() throws IOException {
        SnapshotStore store = storeWith(3);

        new SnapshotRetention(1, null).prune(store);

        try (var entries = Files.list(store.root())) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("v000003");
        }
    }

    @Test
    void shouldRefuseToKeepNothing() {
        assertThatThrownBy(() -> new SnapshotRetention(0, null)).hasMessageContaining("at least 1");
    }
}

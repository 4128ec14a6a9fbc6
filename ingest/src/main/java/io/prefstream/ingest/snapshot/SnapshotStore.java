package io.prefstream.ingest.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.prefstream.schemas.snapshot.SnapshotLayout;
import io.prefstream.schemas.snapshot.SnapshotManifest;

/**
 * The directory that holds published snapshots, one sub-directory per version named by its
 * snapshot id. Only complete directories (renamed into place) are visible here; staging
 * directories are ignored and cleaned up.
 *
 * @param root the snapshots directory
 */
public record SnapshotStore(Path root) {

    /** How long a writer waits for another writer of the same directory before giving up. */
    public static final Duration LOCK_WAIT = Duration.ofMinutes(15);

    /**
     * Takes the directory's writer lock, waiting up to {@link #LOCK_WAIT} for another writer; the
     * caller must close it.
     */
    public SnapshotWriterLock lock() throws IOException {
        return SnapshotWriterLock.acquire(root, LOCK_WAIT);
    }

    /** Lists published snapshot directories, oldest first. */
    public List<Path> published() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(p -> p.getFileName().toString().matches("v\\d{6}"))
                    .filter(p -> Files.isRegularFile(SnapshotLayout.manifest(p)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list snapshots in " + root, e);
        }
    }

    /** Returns the newest published snapshot's manifest, if any. */
    public Optional<SnapshotManifest> latest() {
        List<Path> all = published();
        if (all.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(SnapshotManifest.read(SnapshotLayout.manifest(all.get(all.size() - 1))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read latest snapshot manifest in " + root, e);
        }
    }

    /** Returns the directory a version is published at. */
    public Path directoryOf(String snapshotId) {
        return root.resolve(snapshotId);
    }

    /** Deletes staging directories left by a writer that died mid-write; returns how many. */
    public int removeStaging() {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> entries = Files.list(root)) {
            List<Path> staging = entries
                    .filter(p -> p.getFileName().toString().startsWith(SnapshotLayout.STAGING_PREFIX)).toList();
            for (Path dir : staging) {
                deleteTree(dir);
            }
            return staging.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean staging directories in " + root, e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

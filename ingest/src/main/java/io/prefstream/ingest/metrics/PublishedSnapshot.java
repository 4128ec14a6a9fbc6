package io.prefstream.ingest.metrics;

import java.time.Instant;

import io.prefstream.schemas.snapshot.SnapshotManifest;

/**
 * What the snapshot gauges show about the latest published snapshot.
 *
 * @param version its version
 * @param records records it holds
 * @param bytes total size of its data files
 * @param publishedAt when it was renamed into place
 */
public record PublishedSnapshot(int version, long records, long bytes, Instant publishedAt) {

    /** Reads the figures off a manifest. */
    public static PublishedSnapshot of(SnapshotManifest manifest, Instant publishedAt) {
        long bytes = manifest.files().values().stream().mapToLong(SnapshotManifest.FileEntry::bytes).sum();
        return new PublishedSnapshot(manifest.version(), manifest.counts().records(), bytes, publishedAt);
    }
}

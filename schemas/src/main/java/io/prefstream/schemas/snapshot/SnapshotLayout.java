package io.prefstream.schemas.snapshot;

import java.nio.file.Path;

/**
 * File names inside a snapshot directory. A published snapshot lives at
 * {@code <snapshots root>/<snapshot id>/} and holds exactly these files; directories whose
 * names start with {@link #STAGING_PREFIX} are unfinished and are never read.
 */
public final class SnapshotLayout {

    /** The manifest, canonical JSON. */
    public static final String MANIFEST = "manifest.json";

    /** The records, an Avro data file of {@code PreferenceRecord} sorted by content key. */
    public static final String RECORDS = "records.avro";

    /** Prefix of directories being written, renamed into place when complete. */
    public static final String STAGING_PREFIX = ".staging-";

    private SnapshotLayout() {
    }

    /** Returns the manifest path of a snapshot directory. */
    public static Path manifest(Path snapshotDir) {
        return snapshotDir.resolve(MANIFEST);
    }

    /** Returns the records path of a snapshot directory. */
    public static Path records(Path snapshotDir) {
        return snapshotDir.resolve(RECORDS);
    }
}

package io.prefstream.schemas.snapshot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;

import io.prefstream.schemas.SchemaTrust;
import io.prefstream.schemas.v1.PreferenceRecord;

/** Reads a published snapshot after checking its files against the manifest's checksums. */
public final class SnapshotReader {

    static {
        SchemaTrust.install();
    }

    private SnapshotReader() {
    }

    /**
     * A loaded snapshot.
     *
     * @param directory the snapshot directory
     * @param manifest its manifest
     * @param manifestSha256 SHA-256 of the manifest file
     * @param records all records, in file order (sorted by content key)
     */
    public record Snapshot(Path directory, SnapshotManifest manifest, String manifestSha256,
            List<PreferenceRecord> records) {

        /** Returns the records of the train split. */
        public List<PreferenceRecord> train() {
            PromptSplit split = new PromptSplit(manifest.split());
            return records.stream().filter(r -> !split.isEval(r.getPrompt())).toList();
        }

        /** Returns the records of the eval split. */
        public List<PreferenceRecord> eval() {
            PromptSplit split = new PromptSplit(manifest.split());
            return records.stream().filter(r -> split.isEval(r.getPrompt())).toList();
        }
    }

    /**
     * Loads a snapshot directory.
     *
     * @throws IOException when a file is missing, unreadable or does not match its checksum
     */
    public static Snapshot read(Path directory) throws IOException {
        Path manifestFile = SnapshotLayout.manifest(directory);
        SnapshotManifest manifest = SnapshotManifest.read(manifestFile);
        Path recordsFile = SnapshotLayout.records(directory);
        SnapshotManifest.FileEntry expected = manifest.files().get(SnapshotLayout.RECORDS);
        if (expected == null) {
            throw new IOException("snapshot " + directory + ": manifest lists no " + SnapshotLayout.RECORDS);
        }
        String actual = Hashing.sha256Hex(recordsFile);
        if (!actual.equals(expected.sha256())) {
            throw new IOException(String.format("snapshot %s: %s has sha256 %s, manifest says %s",
                    manifest.snapshotId(), SnapshotLayout.RECORDS, actual, expected.sha256()));
        }
        List<PreferenceRecord> records = new ArrayList<>();
        try (DataFileReader<PreferenceRecord> reader =
                new DataFileReader<>(recordsFile.toFile(), new SpecificDatumReader<>(PreferenceRecord.class))) {
            for (PreferenceRecord record : reader) {
                records.add(record);
            }
        }
        return new Snapshot(directory, manifest, Hashing.sha256Hex(manifestFile), records);
    }
}

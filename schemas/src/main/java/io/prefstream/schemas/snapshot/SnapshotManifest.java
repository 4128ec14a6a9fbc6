package io.prefstream.schemas.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The manifest of one snapshot, stored as {@code manifest.json} beside the data file.
 *
 * <p>The manifest holds no wall-clock time, so that cutting a snapshot from the same source
 * offsets yields the same bytes; publication time travels in the announcement instead.
 *
 * @param format manifest format version, currently 1
 * @param snapshotId stable id, {@code v<version, six digits>}
 * @param version monotonic version, starting at 1
 * @param parentVersion the previous snapshot's version, 0 for the first
 * @param sourceOffsets per topic, per partition, the end offset (exclusive) read into this snapshot
 * @param counts record counts
 * @param split how records are assigned to the train and eval splits
 * @param writerSchemaFingerprint CRC-64-AVRO fingerprint of the data file's schema, {@code 0x...}
 * @param files per file name, its SHA-256 and size
 */
public record SnapshotManifest(
        @JsonProperty("format") int format,
        @JsonProperty("snapshot_id") String snapshotId,
        @JsonProperty("version") int version,
        @JsonProperty("parent_version") int parentVersion,
        @JsonProperty("source_offsets") SortedMap<String, SortedMap<Integer, Long>> sourceOffsets,
        @JsonProperty("counts") Counts counts,
        @JsonProperty("split") Split split,
        @JsonProperty("writer_schema_fingerprint") String writerSchemaFingerprint,
        @JsonProperty("files") SortedMap<String, FileEntry> files) {

    /** The manifest format this code writes. */
    public static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * Record counts of a snapshot.
     *
     * @param records records in the snapshot
     * @param newRecords records not in the parent snapshot
     * @param train records in the training split
     * @param eval records in the eval split
     * @param duplicates duplicates recognised up to the snapshot's offsets (cumulative)
     * @param deadLettered dead-lettered inputs up to the snapshot's offsets (cumulative)
     * @param deadLetteredByReason the same, per reason code
     * @param deleted accepted records left out because a deletion request names them
     * @param conflicts pairs judged both ways round
     * @param conflictDropped rows the conflict policy left out
     * @param conflictPolicy the policy applied: MAJORITY, DROP or KEEP_BOTH
     */
    public record Counts(
            @JsonProperty("records") long records,
            @JsonProperty("new") long newRecords,
            @JsonProperty("train") long train,
            @JsonProperty("eval") long eval,
            @JsonProperty("duplicates") long duplicates,
            @JsonProperty("dead_lettered") long deadLettered,
            @JsonProperty("dead_lettered_by_reason") SortedMap<String, Long> deadLetteredByReason,
            @JsonProperty("deleted") long deleted,
            @JsonProperty("conflicts") long conflicts,
            @JsonProperty("conflict_dropped") long conflictDropped,
            @JsonProperty("conflict_policy") String conflictPolicy) {
    }

    /**
     * The split rule: a record is in eval when the first eight bytes of
     * SHA-256({@code salt} + prompt), read as an unsigned number, modulo 10,000 fall below
     * {@code evalFraction * 10,000}. One prompt therefore never lands on both sides.
     *
     * @param method always {@code sha256-prompt}
     * @param evalFraction fraction of prompts held out, in [0, 1)
     * @param salt text prepended to the prompt before hashing
     */
    public record Split(
            @JsonProperty("method") String method,
            @JsonProperty("eval_fraction") double evalFraction,
            @JsonProperty("salt") String salt) {
    }

    /**
     * One file of the snapshot.
     *
     * @param sha256 lower-case hex SHA-256 of the file's bytes
     * @param bytes the file's size
     */
    public record FileEntry(@JsonProperty("sha256") String sha256, @JsonProperty("bytes") long bytes) {
    }

    /** Formats a version as its snapshot id. */
    public static String idOf(int version) {
        return String.format("v%06d", version);
    }

    /** Returns the per-partition end offsets of one source topic, or an empty map. */
    public Map<Integer, Long> offsetsOf(String topic) {
        return sourceOffsets.getOrDefault(topic, new java.util.TreeMap<>());
    }

    /** Serialises the manifest to canonical JSON bytes (sorted keys, two-space indent, LF). */
    public byte[] toJson() {
        try {
            return (JSON.writeValueAsString(this) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot serialise manifest of " + snapshotId, e);
        }
    }

    /** Reads a manifest file. */
    public static SnapshotManifest read(Path file) throws IOException {
        return JSON.readValue(Files.readAllBytes(file), SnapshotManifest.class);
    }
}

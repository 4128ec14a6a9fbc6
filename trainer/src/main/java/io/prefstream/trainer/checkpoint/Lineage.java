package io.prefstream.trainer.checkpoint;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a checkpoint came from, stored as {@code lineage.json}.
 *
 * @param checkpointId this checkpoint's id
 * @param round its round
 * @param snapshotId the snapshot trained on
 * @param snapshotManifestSha256 SHA-256 of that snapshot's manifest
 * @param parentCheckpoint the checkpoint the round started from, null for round 0
 * @param model the model preset
 */
public record Lineage(
        @JsonProperty("checkpoint_id") String checkpointId,
        @JsonProperty("round") int round,
        @JsonProperty("snapshot_id") String snapshotId,
        @JsonProperty("snapshot_manifest_sha256") String snapshotManifestSha256,
        @JsonProperty("parent_checkpoint") String parentCheckpoint,
        @JsonProperty("model") String model) {
}

package io.prefstream.schemas.serde;

import io.prefstream.schemas.v1.CheckpointAnnouncement;
import io.prefstream.schemas.v1.DeadLetter;
import io.prefstream.schemas.v1.DeletionRequest;
import io.prefstream.schemas.v1.PreferenceRecord;
import io.prefstream.schemas.v1.SnapshotAnnouncement;
import io.prefstream.schemas.v1.SnapshotRequest;

/** Factory for the serdes of the project's own message types. */
public final class AvroSerdes {

    private AvroSerdes() {
    }

    /** Serde for accepted and duplicate preference records. */
    public static AvroSerde<PreferenceRecord> preferenceRecord() {
        return new AvroSerde<>(PreferenceRecord.class);
    }

    /** Serde for dead-letter envelopes. */
    public static AvroSerde<DeadLetter> deadLetter() {
        return new AvroSerde<>(DeadLetter.class);
    }

    /** Serde for deletion requests. */
    public static AvroSerde<DeletionRequest> deletionRequest() {
        return new AvroSerde<>(DeletionRequest.class);
    }

    /** Serde for snapshot requests. */
    public static AvroSerde<SnapshotRequest> snapshotRequest() {
        return new AvroSerde<>(SnapshotRequest.class);
    }

    /** Serde for snapshot announcements. */
    public static AvroSerde<SnapshotAnnouncement> snapshotAnnouncement() {
        return new AvroSerde<>(SnapshotAnnouncement.class);
    }

    /** Serde for checkpoint announcements. */
    public static AvroSerde<CheckpointAnnouncement> checkpointAnnouncement() {
        return new AvroSerde<>(CheckpointAnnouncement.class);
    }
}

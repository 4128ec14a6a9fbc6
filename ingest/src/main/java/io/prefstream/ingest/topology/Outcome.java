package io.prefstream.ingest.topology;

import io.prefstream.ingest.dedup.StoredRecord;
import io.prefstream.schemas.v1.DeadLetter;
import io.prefstream.schemas.v1.PreferenceRecord;

/** What validation made of one raw message: a valid record or a dead letter. Never crosses a topic. */
sealed interface Outcome {

    /**
     * A record that passed validation, not yet deduplicated.
     *
     * @param stored the parsed record with its stored form
     * @param original the bytes as received, for a dead letter raised after parsing
     * @param position where the bytes were read from
     */
    record Valid(StoredRecord stored, byte[] original, RawPosition position) implements Outcome {

        /** Returns the parsed record. */
        PreferenceRecord record() {
            return stored.record();
        }
    }

    /** A record that failed validation, wrapped for the dead-letter topic. */
    record Invalid(DeadLetter letter) implements Outcome {
    }
}

package io.prefstream.ingest.dedup;

import io.prefstream.schemas.v1.PreferenceRecord;

/**
 * The dedup processor's decision about one record.
 *
 * @param record the record
 * @param duplicate whether a record with the same content key was kept earlier
 */
public record DedupVerdict(PreferenceRecord record, boolean duplicate) {

    static DedupVerdict accepted(PreferenceRecord record) {
        return new DedupVerdict(record, false);
    }

    static DedupVerdict duplicate(PreferenceRecord record) {
        return new DedupVerdict(record, true);
    }
}

package io.prefstream.ingest.dedup;

import io.prefstream.schemas.v1.PreferenceRecord;

/**
 * The dedup processor's decision about one record.
 *
 * @param stored the record to emit, with its stored form: as received, or for a vote the kept
 *        record's id with the new total
 * @param kind what the record turned out to be
 */
public record DedupVerdict(StoredRecord stored, Kind kind) {

    /** What a record turned out to be. */
    public enum Kind {
        /** The first record of a pair: a new row. */
        FIRST,
        /** The same pair from a new annotator (or source): the kept row's vote count grows. */
        VOTE,
        /** The pair judged the other way round: a new row, resolved by the snapshot's conflict policy. */
        CONFLICT,
        /** A repeat from the same annotator or source: nothing changes. */
        DUPLICATE
    }

    /** Returns the record to emit. */
    public PreferenceRecord record() {
        return stored.record();
    }

    /** Returns whether the record is a duplicate (goes to the duplicates topic). */
    public boolean duplicate() {
        return kind == Kind.DUPLICATE;
    }
}

package io.prefstream.ingest.dedup;

import io.prefstream.schemas.v1.PreferenceRecord;

/**
 * The dedup processor's decision about one record.
 *
 * @param record the record to emit: as received, or for a vote the kept record's id with the new total
 * @param kind what the record turned out to be
 */
public record DedupVerdict(PreferenceRecord record, Kind kind) {

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

    /** Returns whether the record is a duplicate (goes to the duplicates topic). */
    public boolean duplicate() {
        return kind == Kind.DUPLICATE;
    }
}

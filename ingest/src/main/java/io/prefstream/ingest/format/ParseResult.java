package io.prefstream.ingest.format;

import io.prefstream.schemas.v1.PreferenceRecord;
import java.util.Objects;

/** Outcome of parsing one input record: an accepted preference record or a rejection. */
public sealed interface ParseResult {

    /**
     * The record passed every check.
     *
     * @param record the preference record, ready to deduplicate by its content key
     * @param encoded the record's single-object Avro encoding, as the stored-size check made it; shared,
     *        so nobody may modify it
     */
    record Accepted(PreferenceRecord record, byte[] encoded) implements ParseResult {

        /** Checks the record and its encoding are present. */
        public Accepted {
            Objects.requireNonNull(record, "record");
            Objects.requireNonNull(encoded, "encoded");
        }
    }

    /**
     * The record failed a check.
     *
     * @param reason the kind of fault
     * @param field  the offending top-level field, or null when the fault belongs to the whole record
     * @param detail explanation naming the record and the field; never contains record text
     */
    record Rejected(RejectReason reason, String field, String detail) implements ParseResult {

        /** Checks reason and detail are present. */
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}

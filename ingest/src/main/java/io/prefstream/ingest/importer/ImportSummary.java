package io.prefstream.ingest.importer;

/**
 * What an import did with a file's records. Every unit read is counted exactly once:
 * {@code lines = blank + sent + tooLarge + refused}.
 *
 * @param source the source name of the import, which starts every record reference
 * @param format the file's format, detected or forced
 * @param lines units read: physical lines of a JSONL file, records of an Avro file
 * @param blank blank lines skipped (always 0 for Avro)
 * @param sent records sent to the raw topic
 * @param tooLarge records dead-lettered at once because they exceed the record size limit
 * @param refused Avro records dead-lettered at once because the JSON judgment form cannot carry them (a
 *        metadata key that names a field of that form)
 * @param millis wall time of the import
 */
public record ImportSummary(String source, FileFormat format, long lines, long blank, long sent, long tooLarge,
        long refused, long millis) {

    /** Returns the records that will each produce exactly one outcome downstream (or already did). */
    public long judged() {
        return sent + tooLarge + refused;
    }
}

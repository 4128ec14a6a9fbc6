package io.prefstream.ingest.importer;

/**
 * What an import did with a file's lines. Every line is counted exactly once:
 * {@code lines = blank + sent + tooLarge}.
 *
 * @param source the source name recorded on each record
 * @param lines physical lines read
 * @param blank blank lines skipped
 * @param sent lines sent to the raw topic
 * @param tooLarge lines dead-lettered at once because they exceed the record size limit
 * @param millis wall time of the import
 */
public record ImportSummary(String source, long lines, long blank, long sent, long tooLarge, long millis) {

    /** Returns the lines that will each produce exactly one outcome downstream (or already did). */
    public long judged() {
        return sent + tooLarge;
    }
}

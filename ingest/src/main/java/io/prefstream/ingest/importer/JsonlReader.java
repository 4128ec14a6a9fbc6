package io.prefstream.ingest.importer;

import java.io.IOException;

/** Reads a JSONL file line by line; each line that is not blank is one record, sent as its raw bytes. */
final class JsonlReader implements ImportReader {

    private final LineSource lines;
    private final String source;
    private long blank;

    /**
     * Creates a reader.
     *
     * @param lines  the file's lines, cut above the record limit; closed with this reader
     * @param source the source name, which starts every record reference and goes into every record
     */
    JsonlReader(final LineSource lines, final String source) {
        this.lines = lines;
        this.source = source;
    }

    @Override
    public ImportRecord next() throws IOException {
        for (byte[] line = lines.next(); line != null; line = lines.next()) {
            if (!LineSource.isBlank(line) || !lines.cutOffIsBlank()) {
                // A cut line is sent as its kept bytes with its whole size, which the importer finds too large.
                return new ImportRecord(source + ":" + lines.lineNumber(), source, line, lines.lineBytes(), null);
            }
            blank++;
        }
        return null;
    }

    @Override
    public long read() {
        return lines.lineNumber();
    }

    @Override
    public FileFormat format() {
        return FileFormat.JSONL;
    }

    @Override
    public long blank() {
        return blank;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}

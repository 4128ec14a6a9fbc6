package io.prefstream.ingest.importer;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a JSONL file line by line; each line that is not blank is one record, sent as its raw bytes. A last line
 * without a line break is sent too, with a warning: it may be the half-written line of a file still being written.
 */
final class JsonlReader implements ImportReader {

    private static final Logger LOG = LoggerFactory.getLogger(JsonlReader.class);

    private final LineSource lines;
    private final String file;
    private final String source;
    private long blank;

    /**
     * Creates a reader.
     *
     * @param lines  the file's lines, cut above the record limit; closed with this reader
     * @param file   the file as the user named it, for warnings
     * @param source the source name, which starts every record reference and goes into every record
     */
    JsonlReader(final LineSource lines, final String file, final String source) {
        this.lines = lines;
        this.file = file;
        this.source = source;
    }

    @Override
    public ImportRecord next() throws IOException {
        for (byte[] line = lines.next(); line != null; line = lines.next()) {
            if (!LineSource.isBlank(line) || !lines.cutOffIsBlank()) {
                if (lines.lastLineUnterminated()) {
                    LOG.warn("last line {} of {} has no line break; if the file is still being written, import it"
                            + " again when it is complete", lines.lineNumber(), file);
                }
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

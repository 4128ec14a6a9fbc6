package io.prefstream.ingest.importer;

import java.io.IOException;

/** Reads an import file as the records it sends to the raw topic. The caller must close it. */
interface ImportReader extends AutoCloseable {

    /** Returns the next record, or null at end of input; blank JSONL lines are skipped and counted. */
    ImportRecord next() throws IOException;

    /** Returns the units read so far, blank lines included: lines of a JSONL file, records of an Avro file. */
    long read();

    /** Returns the file's format: {@link FileFormat#JSONL} or {@link FileFormat#AVRO}. */
    FileFormat format();

    /** Returns the blank lines skipped so far (always 0 for Avro). */
    long blank();

    @Override
    void close() throws IOException;
}

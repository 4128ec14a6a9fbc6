package io.prefstream.ingest.importer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Reads a file as raw byte lines, so that bytes which are not valid UTF-8 reach validation
 * untouched instead of being replaced while decoding. Gzip input (by its magic bytes) is
 * decompressed transparently. A trailing {@code \r} stays part of the line.
 *
 * <p>The caller owns the source and must close it.
 */
public final class LineSource implements AutoCloseable {

    private static final int BUFFER = 1 << 16;

    private final InputStream in;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(BUFFER);
    private long lineNumber;
    private boolean exhausted;

    private LineSource(InputStream in) {
        this.in = in;
    }

    /** Opens a plain or gzip-compressed file. */
    public static LineSource open(Path file) throws IOException {
        return new LineSource(ImportInput.decompressed(file));
    }

    /** Reads lines from an already opened (and, where needed, decompressed) stream, which it then owns. */
    static LineSource over(InputStream in) {
        return new LineSource(in);
    }

    /**
     * Returns the next line without its {@code \n}, or {@code null} at end of input.
     * {@link #lineNumber()} then gives its 1-based number.
     */
    public byte[] next() throws IOException {
        if (exhausted) {
            return null;
        }
        line.reset();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        if (b < 0) {
            exhausted = true;
            if (line.size() == 0) {
                return null;
            }
        }
        lineNumber++;
        return line.toByteArray();
    }

    /** Returns the 1-based number of the line last returned. */
    public long lineNumber() {
        return lineNumber;
    }

    /** Returns whether a line holds only ASCII whitespace (such lines are skipped, not sent). */
    public static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\f') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

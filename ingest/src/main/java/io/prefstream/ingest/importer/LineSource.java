package io.prefstream.ingest.importer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Reads a file as raw byte lines, so that bytes which are not valid UTF-8 reach validation
 * untouched instead of being replaced while decoding. Gzip input (by its magic bytes) is
 * decompressed transparently. A trailing {@code \r} stays part of the line. The last line need not end with a line
 * break; {@link #lastLineUnterminated()} tells when it does not.
 *
 * <p>At most a set number of bytes of each line is kept; the rest is read, counted and dropped, so one endless
 * line (a gzip bomb of a few MB expands to GBs without a newline) cannot exhaust memory. {@link #lineBytes()} gives
 * the whole line's length, so the caller can tell a cut line from a whole one.
 *
 * <p>The caller owns the source and must close it.
 */
public final class LineSource implements AutoCloseable {

    private static final int BUFFER = 1 << 16;

    /** The UTF-8 byte order mark, which some editors write at the start of a file. */
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final InputStream in;
    private final int keepBytes;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(BUFFER);
    private long lineNumber;
    private long lineBytes;
    private boolean droppedOnlyBlank;
    private boolean exhausted;
    private boolean unterminated;

    private LineSource(InputStream in, int keepBytes) {
        if (keepBytes < 1) {
            throw new IllegalArgumentException("keepBytes must be at least 1, was " + keepBytes);
        }
        this.in = in;
        this.keepBytes = keepBytes;
    }

    /**
     * Opens a plain or gzip-compressed file.
     *
     * @param keepBytes the most bytes kept of one line; longer lines are cut there
     */
    public static LineSource open(Path file, int keepBytes) throws IOException {
        return new LineSource(ImportInput.decompressed(file), keepBytes);
    }

    /** Reads lines from an already opened (and, where needed, decompressed) stream, which it then owns. */
    static LineSource over(InputStream in, int keepBytes) {
        return new LineSource(in, keepBytes);
    }

    /**
     * Returns the next line without its {@code \n}, cut after the kept number of bytes, or {@code null} at end of
     * input. {@link #lineNumber()} then gives its 1-based number and {@link #lineBytes()} its whole length.
     */
    public byte[] next() throws IOException {
        if (exhausted) {
            return null;
        }
        line.reset();
        lineBytes = 0;
        droppedOnlyBlank = true;
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (lineBytes < keepBytes) {
                line.write(b);
            } else if (!isBlankByte(b)) {
                droppedOnlyBlank = false;
            }
            lineBytes++;
        }
        if (b < 0) {
            exhausted = true;
            if (lineBytes == 0) {
                return null;
            }
        }
        unterminated = b < 0;
        lineNumber++;
        return line.toByteArray();
    }

    /** Returns the byte length of the line last returned, including any part cut off. */
    public long lineBytes() {
        return lineBytes;
    }

    /** Returns whether the part cut off the line last returned holds only blank bytes; true when none was cut. */
    public boolean cutOffIsBlank() {
        return droppedOnlyBlank;
    }

    /**
     * Returns whether the line last returned is the input's last and ends without a line break, as the last line
     * of many files does, and as the half-written last line of a file still being written does.
     */
    public boolean lastLineUnterminated() {
        return unterminated;
    }

    /** Returns the 1-based number of the line last returned. */
    public long lineNumber() {
        return lineNumber;
    }

    /**
     * Returns whether a line holds only ASCII whitespace, after a UTF-8 byte order mark if it starts with one
     * (such lines are skipped, not sent).
     */
    public static boolean isBlank(byte[] line) {
        int start = startsWithBom(line) ? UTF8_BOM.length : 0;
        for (int i = start; i < line.length; i++) {
            if (!isBlankByte(line[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithBom(byte[] line) {
        return line.length >= UTF8_BOM.length && line[0] == UTF8_BOM[0] && line[1] == UTF8_BOM[1]
                && line[2] == UTF8_BOM[2];
    }

    private static boolean isBlankByte(int b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\f';
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

package io.prefstream.ingest.importer;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.util.Arrays;

import org.apache.avro.file.DataFileConstants;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * The content of an Avro data file that can tell whether it ended where a block ends.
 *
 * <p>{@code DataFileStream} takes an end of input inside a block for the end of the file (it tolerates files
 * that are still being appended to), so a truncated file, or a truncated gzip stream, would import a prefix of
 * its records without a word. Every complete data file ends with the 16-byte sync marker that also closes its
 * header: this stream reads that marker from the header up front, keeps the last 16 bytes that pass through,
 * and compares the two at the end. Only a file cut exactly at a block boundary goes unnoticed; the container
 * format records no total from which that could be seen. Closing it closes the wrapped stream.
 */
final class SyncCheckedInput extends FilterInputStream {

    /** Largest header read ahead to find the marker; a snapshot's header (schema and codec) is a few KiB. */
    static final int MAX_HEADER_BYTES = 8 << 20;

    private static final int SKIP_CHUNK = 8192;

    private final byte[] sync;
    private final byte[] tail = new byte[DataFileConstants.SYNC_SIZE];
    private long passed;

    private SyncCheckedInput(final BufferedInputStream in, final byte[] sync) {
        super(in);
        this.sync = sync;
    }

    /**
     * Wraps content that starts with an Avro data file header, reading the header's sync marker ahead.
     *
     * @throws IOException when the header is cut off, malformed, or larger than {@link #MAX_HEADER_BYTES}
     */
    static SyncCheckedInput wrap(final BufferedInputStream in) throws IOException {
        in.mark(MAX_HEADER_BYTES);
        final byte[] sync = new byte[DataFileConstants.SYNC_SIZE];
        // A direct decoder reads no further than asked, so the reset below returns to the first byte.
        final BinaryDecoder header = DecoderFactory.get().directBinaryDecoder(in, null);
        header.skipFixed(DataFileConstants.MAGIC.length);
        for (long entries = header.readMapStart(); entries != 0; entries = header.mapNext()) {
            for (long i = 0; i < entries; i++) {
                header.skipString();
                header.skipBytes();
            }
        }
        header.readFixed(sync);
        in.reset();
        return new SyncCheckedInput(in, sync);
    }

    /** Returns whether the bytes read so far end with the file's sync marker, as a complete file does. */
    boolean endsWithSync() {
        if (passed < tail.length) {
            return false;
        }
        final byte[] last = new byte[tail.length];
        final int start = (int) (passed % tail.length);
        System.arraycopy(tail, start, last, 0, tail.length - start);
        System.arraycopy(tail, 0, last, tail.length - start, start);
        return Arrays.equals(last, sync);
    }

    @Override
    public int read() throws IOException {
        final int b = in.read();
        if (b >= 0) {
            keep((byte) b);
        }
        return b;
    }

    @Override
    public int read(final byte[] buffer, final int offset, final int length) throws IOException {
        final int n = in.read(buffer, offset, length);
        for (int i = 0; i < n; i++) {
            keep(buffer[offset + i]);
        }
        return n;
    }

    /** Skips by reading, so that skipped bytes count towards the tail too. */
    @Override
    public long skip(final long n) throws IOException {
        final byte[] scratch = new byte[(int) Math.min(n, SKIP_CHUNK)];
        long skipped = 0;
        while (skipped < n) {
            final int read = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void keep(final byte b) {
        tail[(int) (passed % tail.length)] = b;
        passed++;
    }
}

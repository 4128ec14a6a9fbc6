package io.prefstream.ingest.snapshot;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file of {@link SortEntry}s in the order they were written: for each, the key's UTF-8 length
 * and bytes, the sequence, the payload's length and bytes. Written once, read once, front to back.
 */
final class SortedRun {

    private static final int BUFFER = 64 * 1024;

    private SortedRun() {
    }

    /** Appends entries to a new run file; the caller must close it. */
    static final class Writer implements AutoCloseable {

        private final OutputStream out;
        // Key length, then (after the key) sequence and payload length, written with one call each
        // rather than a byte at a time.
        private final ByteBuffer head = ByteBuffer.allocate(Long.BYTES + Integer.BYTES);
        private long count;

        Writer(Path file) throws IOException {
            this.out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW), BUFFER);
        }

        void write(SortEntry entry) throws IOException {
            byte[] key = entry.key().getBytes(StandardCharsets.UTF_8);
            out.write(head.clear().putInt(key.length).array(), 0, Integer.BYTES);
            out.write(key);
            out.write(head.clear().putLong(entry.sequence()).putInt(entry.payload().length).array());
            out.write(entry.payload());
            count++;
        }

        long count() {
            return count;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** Reads a run file front to back; the caller must close it. */
    static final class Reader implements AutoCloseable {

        private final Path file;
        private final InputStream in;
        private final ByteBuffer head = ByteBuffer.allocate(Long.BYTES + Integer.BYTES);

        Reader(Path file) throws IOException {
            this.file = file;
            this.in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        }

        /** Returns the next entry, or null at the end of the file. */
        SortEntry next() throws IOException {
            int read = in.readNBytes(head.array(), 0, Integer.BYTES);
            if (read == 0) {
                return null;
            }
            require(read, Integer.BYTES);
            int keyLength = head.getInt(0);
            byte[] key = in.readNBytes(keyLength);
            require(key.length, keyLength);
            require(in.readNBytes(head.array(), 0, head.capacity()), head.capacity());
            long sequence = head.getLong(0);
            int payloadLength = head.getInt(Long.BYTES);
            byte[] payload = in.readNBytes(payloadLength);
            require(payload.length, payloadLength);
            return new SortEntry(new String(key, StandardCharsets.UTF_8), sequence, payload);
        }

        private void require(int read, int wanted) throws EOFException {
            if (read != wanted) {
                throw new EOFException("sort run " + file + " ends inside an entry");
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}

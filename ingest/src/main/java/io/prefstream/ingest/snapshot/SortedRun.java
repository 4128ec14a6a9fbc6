package io.prefstream.ingest.snapshot;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
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

        private final DataOutputStream out;
        private long count;

        Writer(Path file) throws IOException {
            this.out = new DataOutputStream(new BufferedOutputStream(
                    Files.newOutputStream(file, StandardOpenOption.CREATE_NEW), BUFFER));
        }

        void write(SortEntry entry) throws IOException {
            byte[] key = entry.key().getBytes(StandardCharsets.UTF_8);
            out.writeInt(key.length);
            out.write(key);
            out.writeLong(entry.sequence());
            out.writeInt(entry.payload().length);
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
        private final DataInputStream in;

        Reader(Path file) throws IOException {
            this.file = file;
            this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER));
        }

        /** Returns the next entry, or null at the end of the file. */
        SortEntry next() throws IOException {
            int keyLength;
            try {
                keyLength = in.readInt();
            } catch (EOFException end) {
                return null;
            }
            String key = new String(in.readNBytes(keyLength), StandardCharsets.UTF_8);
            long sequence = in.readLong();
            int payloadLength = in.readInt();
            byte[] payload = in.readNBytes(payloadLength);
            if (payload.length != payloadLength) {
                throw new EOFException("sort run " + file + " ends inside an entry");
            }
            return new SortEntry(key, sequence, payload);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}

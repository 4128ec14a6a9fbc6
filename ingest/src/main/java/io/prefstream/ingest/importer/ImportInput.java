package io.prefstream.ingest.importer;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * An import file opened for reading: decompressed when it starts with the gzip magic bytes, and with the
 * format of its content, detected from the content's first bytes unless a format is forced. The caller owns
 * the stream and must close it. A gzip stream that is cut short or corrupt fails with an error naming the file
 * and saying so, where the decompressor alone would say no more than {@code EOFException}.
 */
final class ImportInput implements AutoCloseable {

    /** First bytes of every Avro object container file: {@code Obj} and format version 1. */
    static final byte[] AVRO_MAGIC = {'O', 'b', 'j', 1};

    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;
    private static final int BUFFER = 1 << 16;

    private final BufferedInputStream content;
    private final FileFormat format;

    private ImportInput(final BufferedInputStream content, final FileFormat format) {
        this.content = content;
        this.format = format;
    }

    /**
     * Opens a file.
     *
     * @param file      the file, plain or gzip
     * @param requested the format to assume, or {@link FileFormat#AUTO} to detect it
     */
    static ImportInput open(final Path file, final FileFormat requested) throws IOException {
        final BufferedInputStream content = decompressed(file);
        try {
            return new ImportInput(content, requested == FileFormat.AUTO ? detect(content) : requested);
        } catch (IOException e) {
            content.close();
            throw e;
        }
    }

    /**
     * Returns the file's content, decompressed when the file starts with the gzip magic bytes.
     *
     * @throws IOException naming the file when its gzip header is cut short or unreadable; reading the content
     *                     later fails the same way where the gzip stream is truncated or corrupt
     */
    static BufferedInputStream decompressed(final Path file) throws IOException {
        final BufferedInputStream buffered = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        try {
            final byte[] head = peek(buffered, 2);
            final boolean gzip = head.length == 2 && (head[0] & 0xff) == GZIP_MAGIC_1
                    && (head[1] & 0xff) == GZIP_MAGIC_2;
            return gzip ? new BufferedInputStream(GzipContent.open(buffered, file), BUFFER) : buffered;
        } catch (IOException e) {
            buffered.close();
            throw e;
        }
    }

    /** Returns {@link FileFormat#AVRO} when the content starts with the Avro magic, else JSONL. */
    static FileFormat detect(final BufferedInputStream content) throws IOException {
        return hasAvroMagic(content) ? FileFormat.AVRO : FileFormat.JSONL;
    }

    /** Returns whether the content starts with the Avro magic bytes, without consuming them. */
    static boolean hasAvroMagic(final BufferedInputStream content) throws IOException {
        return Arrays.equals(peek(content, AVRO_MAGIC.length), AVRO_MAGIC);
    }

    /** Returns up to {@code count} first bytes without consuming them (fewer only at end of input). */
    private static byte[] peek(final BufferedInputStream in, final int count) throws IOException {
        in.mark(count);
        final byte[] head = in.readNBytes(count);
        in.reset();
        return head;
    }

    /** Returns the decompressed content, positioned at its first byte. */
    BufferedInputStream content() {
        return content;
    }

    /** Returns the detected or forced format. */
    FileFormat format() {
        return format;
    }

    @Override
    public void close() throws IOException {
        content.close();
    }

    /**
     * A file's gzip stream, decompressed, whose failures name the file: the decompressor reports a stream cut
     * short (a file still being written, an interrupted copy) as a bare {@link EOFException} and a damaged one
     * as a {@link ZipException} that names no file.
     */
    private static final class GzipContent extends FilterInputStream {

        private final Path file;

        private GzipContent(final InputStream decompressed, final Path file) {
            super(decompressed);
            this.file = file;
        }

        /** Reads the gzip header and returns the stream positioned at the first decompressed byte. */
        static GzipContent open(final InputStream compressed, final Path file) throws IOException {
            try {
                return new GzipContent(new GZIPInputStream(compressed, BUFFER), file);
            } catch (EOFException | ZipException e) {
                throw describe(e, file);
            }
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (EOFException | ZipException e) {
                throw describe(e, file);
            }
        }

        @Override
        public int read(final byte[] buffer, final int offset, final int length) throws IOException {
            try {
                return in.read(buffer, offset, length);
            } catch (EOFException | ZipException e) {
                throw describe(e, file);
            }
        }

        @Override
        public long skip(final long n) throws IOException {
            try {
                return in.skip(n);
            } catch (EOFException | ZipException e) {
                throw describe(e, file);
            }
        }

        private static IOException describe(final IOException e, final Path file) {
            final String what = e instanceof EOFException
                    ? "its gzip stream is truncated: the file was cut short, or is still being written"
                    : "it starts with the gzip magic bytes but is not valid gzip data";
            return new IOException(file + ": " + what, e);
        }
    }
}

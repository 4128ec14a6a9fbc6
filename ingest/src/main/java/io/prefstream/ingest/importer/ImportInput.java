package io.prefstream.ingest.importer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * An import file opened for reading: decompressed when it starts with the gzip magic bytes, and with the
 * format of its content, detected from the content's first bytes unless a format is forced. The caller owns
 * the stream and must close it.
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

    /** Returns the file's content, decompressed when the file starts with the gzip magic bytes. */
    static BufferedInputStream decompressed(final Path file) throws IOException {
        final BufferedInputStream buffered = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        try {
            final byte[] head = peek(buffered, 2);
            final boolean gzip = head.length == 2 && (head[0] & 0xff) == GZIP_MAGIC_1
                    && (head[1] & 0xff) == GZIP_MAGIC_2;
            return gzip ? new BufferedInputStream(new GZIPInputStream(buffered, BUFFER), BUFFER) : buffered;
        } catch (IOException e) {
            buffered.close();
            throw e;
        }
    }

    /** Returns {@link FileFormat#AVRO} when the content starts with the Avro magic, else JSONL. */
    static FileFormat detect(final BufferedInputStream content) throws IOException {
        return Arrays.equals(peek(content, AVRO_MAGIC.length), AVRO_MAGIC) ? FileFormat.AVRO : FileFormat.JSONL;
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
}

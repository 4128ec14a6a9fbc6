package io.prefstream.ingest.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;

import io.prefstream.schemas.snapshot.Hashing;
import io.prefstream.schemas.v1.PreferenceRecord;

/** Low-level, deterministic and durable file writing for snapshots. */
final class SnapshotFiles {

    private static final int SYNC_LENGTH = 16;

    private SnapshotFiles() {
    }

    /**
     * Writes rows, already Avro-encoded and in order, as an Avro data file whose bytes depend only
     * on the rows and the seed: the sync marker, normally random, is derived from the seed, and no
     * timestamps are written. The bytes are those {@code append} of the decoded records would give.
     *
     * @return the lower-case hex SHA-256 of the file, computed from the bytes as they are written
     *         (the same as hashing the file afterwards, without reading it back), on a second
     *         thread that also writes them
     */
    static String writeRows(Path file, RowSource rows, String seed) throws IOException {
        byte[] sync = Arrays.copyOf(Hashing.sha256(("prefstream-sync:" + seed).getBytes(StandardCharsets.UTF_8)),
                SYNC_LENGTH);
        MessageDigest digest = Hashing.newSha256();
        // Hashed and written on a second thread while the rows are merged on this one.
        try (OutputStream out = new BackgroundOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW),
                digest, file.getFileName().toString());
                DataFileWriter<PreferenceRecord> writer =
                        new DataFileWriter<>(new SpecificDatumWriter<>(PreferenceRecord.class))) {
            writer.setCodec(CodecFactory.nullCodec());
            writer.create(PreferenceRecord.getClassSchema(), out, sync);
            rows.writeTo((datum, offset, length) -> writer.appendEncoded(ByteBuffer.wrap(datum, offset, length)));
        }
        fsync(file);
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Writes the rows of a data file, in order, to a sink. */
    @FunctionalInterface
    interface RowSource {
        void writeTo(RowSink sink) throws IOException;
    }

    /** Takes the rows of a data file, each already in Avro binary encoding. */
    @FunctionalInterface
    interface RowSink {
        void append(byte[] datum, int offset, int length) throws IOException;
    }

    /** Writes bytes to a new file and forces them to disk. */
    static void writeBytes(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.CREATE_NEW);
        fsync(file);
    }

    /** Renames a finished directory into place atomically, then makes the rename durable. */
    static void publish(Path staging, Path target) throws IOException {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        fsync(target.getParent());
    }

    static void fsync(Path path) throws IOException {
        boolean directory = Files.isDirectory(path);
        try (FileChannel channel = FileChannel.open(path, directory ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }
}

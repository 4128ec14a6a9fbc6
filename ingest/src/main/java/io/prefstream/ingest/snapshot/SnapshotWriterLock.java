package io.prefstream.ingest.snapshot;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exclusive lock on a snapshots directory, held while a snapshot is cut, announced or pruned,
 * so that writers sharing the directory (two ingest instances, or the {@code snapshot} command
 * beside a running service) never interleave: one would delete the other's staging directory or
 * try to publish the same version. It is an operating-system file lock on {@code <root>.lock},
 * beside the directory rather than in it so that the directory holds snapshots only; the
 * operating system releases it when its holder dies, even by SIGKILL.
 *
 * <p>The holder must close it.
 */
public final class SnapshotWriterLock implements AutoCloseable {

    /** Suffix of the lock file's name, appended to the snapshots directory's name. */
    public static final String SUFFIX = ".lock";

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotWriterLock.class);
    private static final Duration RETRY = Duration.ofMillis(200);

    private final FileChannel channel;
    private final FileLock lock;

    private SnapshotWriterLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Waits for the lock of a snapshots directory.
     *
     * @param root the snapshots directory; its parent must exist or be creatable
     * @param timeout how long to wait for another writer to finish
     * @return the lock, held until closed
     * @throws IOException when another writer holds it longer than the timeout, or on I/O failure
     */
    public static SnapshotWriterLock acquire(Path root, Duration timeout) throws IOException {
        Path file = fileOf(root);
        Files.createDirectories(file.getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            boolean announced = false;
            while (true) {
                FileLock lock = tryLock(channel);
                if (lock != null) {
                    return new SnapshotWriterLock(channel, lock);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException("another snapshot writer has held " + file + " for more than "
                            + timeout.toSeconds() + " s");
                }
                if (!announced) {
                    LOG.info("snapshot writer waiting for {}: another writer is cutting, announcing or pruning", file);
                    announced = true;
                }
                Thread.sleep(RETRY.toMillis());
            }
        } catch (InterruptedException e) {
            channel.close();
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("interrupted waiting for " + file);
            interrupted.initCause(e);
            throw interrupted;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Returns the lock file of a snapshots directory. */
    public static Path fileOf(Path root) {
        Path absolute = root.toAbsolutePath();
        return absolute.resolveSibling(absolute.getFileName() + SUFFIX);
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            // Another writer in this JVM holds it; for us that is the same as another process holding it.
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}

package io.prefstream.ingest.snapshot;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An output stream that hashes and writes its bytes on a thread of its own, a chunk at a time,
 * so that producing the bytes (merging sorted runs) overlaps with hashing and writing them: on a
 * snapshot cut these take about as long as each other. Two chunks alternate: one fills while the
 * other is written; a full chunk waits for the write before it. Bytes reach the target in order.
 *
 * <p>{@link #flush()} hands nothing over: the stream is for a file that nobody reads before it is
 * closed and then forced to disk. Not thread-safe. The caller must close it, which writes what is
 * left, waits for it, closes the target and ends the thread; a failed write is thrown, with its
 * cause, by the next call that waits.
 */
final class BackgroundOutputStream extends OutputStream {

    /** Bytes handed to the writing thread at a time: 1 MiB. */
    static final int CHUNK_BYTES = 1 << 20;

    private final OutputStream target;
    private final MessageDigest digest;
    private final String name;
    private final ExecutorService thread;
    private byte[] chunk = new byte[CHUNK_BYTES];
    private byte[] spare = new byte[CHUNK_BYTES];
    private int filled;
    private Future<?> pending;
    private boolean closed;

    /**
     * Creates the stream and its thread.
     *
     * @param target where the bytes go, closed by {@link #close()}
     * @param digest updated with every byte, in order, before it is written
     * @param name what is written, named in errors and in the thread's name
     */
    BackgroundOutputStream(OutputStream target, MessageDigest digest, String name) {
        this.target = target;
        this.digest = digest;
        this.name = name;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "snapshot-write-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void write(int b) throws IOException {
        if (filled == chunk.length) {
            handOff();
        }
        chunk[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            if (filled == chunk.length) {
                handOff();
            }
            int n = Math.min(length - done, chunk.length - filled);
            System.arraycopy(bytes, offset + done, chunk, filled, n);
            filled += n;
            done += n;
        }
    }

    @Override
    public void flush() {
        // Nothing to do: see the class comment.
    }

    /** Waits for the chunk being written, then hands over the full one and fills the other. */
    private void handOff() throws IOException {
        awaitPending();
        byte[] full = chunk;
        int length = filled;
        pending = thread.submit(() -> {
            digest.update(full, 0, length);
            target.write(full, 0, length);
            return null;
        });
        chunk = spare;
        spare = full;
        filled = 0;
    }

    private void awaitPending() throws IOException {
        if (pending == null) {
            return;
        }
        try {
            pending.get();
            pending = null;
        } catch (ExecutionException e) {
            throw new IOException("cannot write " + name, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("interrupted writing " + name);
            interrupted.initCause(e);
            throw interrupted;
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (OutputStream closing = target) {
            if (filled > 0) {
                handOff();
            }
            awaitPending();
        } finally {
            thread.shutdownNow();
        }
    }
}

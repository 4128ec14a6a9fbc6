package io.prefstream.trainer;

import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Frees the direct buffers that nothing references any more, then hands their memory out again
 * filled with NaN.
 *
 * <p>On the CPU, DJL's PyTorch engine builds an array created from Java data over a direct
 * {@link ByteBuffer} without copying it: the native tensor reads the buffer's memory, and only the
 * Java array object keeps the buffer reachable. A native tensor that outlives that object (for
 * example one that autograd saved for the backward pass) reads whatever the memory holds once the
 * garbage collector has freed the buffer. This helper makes that happen at a chosen point instead
 * of whenever a collection happens to run: it collects until the buffers that became unreachable
 * before the call are freed, then allocates many small direct buffers of the sizes scalars take
 * and fills them with NaN, so that freed blocks handed out again hold NaN.
 */
public final class FreedDirectMemory {

    /** Sizes of the refilled buffers: those of a float32 and a float64 scalar, and a little more. */
    private static final int[] SIZES = {4, 8, 16};
    private static final int BUFFERS_PER_SIZE = 2048;
    private static final int COLLECTIONS = 3;
    private static final int MAX_WAITS = 50;
    private static final long WAIT_MILLIS = 100;
    /** Time left to the reference handler to run the cleaners discovered with the sentinel. */
    private static final long SETTLE_MILLIS = 50;
    private static final byte NAN_BYTE = (byte) 0xFF;

    private FreedDirectMemory() {
    }

    /**
     * Frees unreachable direct buffers and refills their memory with NaN.
     *
     * @return the refilled buffers: keep them reachable until the check that follows is done, so
     *     that their memory is not freed again in between
     * @throws InterruptedException when interrupted while waiting for the collector
     * @throws IllegalStateException when the collector does not clear a dropped object in time
     */
    public static List<ByteBuffer> collectAndRefill() throws InterruptedException {
        for (int i = 0; i < COLLECTIONS; i++) {
            collectOnce();
        }
        List<ByteBuffer> refilled = new ArrayList<>(SIZES.length * BUFFERS_PER_SIZE);
        byte[] nan = new byte[Arrays.stream(SIZES).max().orElseThrow()];
        Arrays.fill(nan, NAN_BYTE);
        for (int i = 0; i < BUFFERS_PER_SIZE; i++) {
            for (int size : SIZES) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(size);
                buffer.put(nan, 0, size);
                refilled.add(buffer);
            }
        }
        return refilled;
    }

    /** Collects garbage until an object dropped just before has been found unreachable. */
    private static void collectOnce() throws InterruptedException {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        PhantomReference<Object> sentinel = new PhantomReference<>(new Object(), queue);
        for (int wait = 0; wait < MAX_WAITS; wait++) {
            System.gc();
            if (queue.remove(WAIT_MILLIS) == sentinel) {
                Thread.sleep(SETTLE_MILLIS);
                return;
            }
        }
        throw new IllegalStateException("the garbage collector did not clear an unreachable object in "
                + MAX_WAITS * WAIT_MILLIS + " ms; is -XX:+DisableExplicitGC set?");
    }
}

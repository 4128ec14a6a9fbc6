package io.prefstream.ingest.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Sorts {@link SortEntry}s in {@link SortEntry#ORDER} within a memory budget: entries are
 * buffered until the budget is reached, then sorted and written to a run file; reading merges
 * the runs. When everything fits the budget nothing touches the disk. One merge pass, with one
 * 64 KiB read buffer per run.
 *
 * <p>Add everything, then read once with {@link #sorted()}. Not thread-safe; the caller must close
 * it, which deletes its run files.
 */
final class ExternalSorter implements AutoCloseable {

    private final Path dir;
    private final String name;
    private final long budgetBytes;
    private final List<Path> runs = new ArrayList<>();
    private final List<SortedRun.Reader> readers = new ArrayList<>();
    private List<SortEntry> buffer = new ArrayList<>();
    private long bufferedBytes;
    private long added;
    private long spillNanos;

    /**
     * Creates a sorter.
     *
     * @param dir where run files go; must exist
     * @param name prefix of the run files' names
     * @param budgetBytes heap the buffered entries may take before they are spilled
     */
    ExternalSorter(Path dir, String name, long budgetBytes) {
        this.dir = dir;
        this.name = name;
        this.budgetBytes = budgetBytes;
    }

    /** Adds one entry, spilling the buffer to a run file when it reaches the budget. */
    void add(SortEntry entry) throws IOException {
        buffer.add(entry);
        bufferedBytes += entry.heapBytes();
        added++;
        if (bufferedBytes >= budgetBytes) {
            spill();
        }
    }

    /** Returns how many entries were added. */
    long size() {
        return added;
    }

    /** Returns the time spent sorting and writing run files so far, in nanoseconds. */
    long spillNanos() {
        return spillNanos;
    }

    /** Returns how many run files were written so far. */
    int spills() {
        return runs.size();
    }

    private void spill() throws IOException {
        long started = System.nanoTime();
        buffer.sort(SortEntry.ORDER);
        Path run = dir.resolve(name + "-" + runs.size() + ".run");
        try (SortedRun.Writer writer = new SortedRun.Writer(run)) {
            for (SortEntry entry : buffer) {
                writer.write(entry);
            }
        }
        runs.add(run);
        buffer = new ArrayList<>();
        bufferedBytes = 0;
        spillNanos += System.nanoTime() - started;
    }

    /** Ends the input and returns every entry in order; call once. */
    EntryIterator sorted() throws IOException {
        buffer.sort(SortEntry.ORDER);
        if (runs.isEmpty()) {
            List<SortEntry> all = buffer;
            buffer = new ArrayList<>();
            return new EntryIterator() {
                private int next;

                @Override
                public SortEntry next() {
                    return next < all.size() ? all.get(next++) : null;
                }
            };
        }
        if (!buffer.isEmpty()) {
            spill();
        }
        PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> SortEntry.ORDER.compare(a.entry, b.entry));
        for (Path run : runs) {
            SortedRun.Reader reader = new SortedRun.Reader(run);
            readers.add(reader);
            SortEntry first = reader.next();
            if (first != null) {
                heads.add(new Head(first, reader));
            }
        }
        return () -> {
            Head head = heads.poll();
            if (head == null) {
                return null;
            }
            SortEntry following = head.reader.next();
            if (following != null) {
                heads.add(new Head(following, head.reader));
            }
            return head.entry;
        };
    }

    /** The current entry of one run during the merge. */
    private record Head(SortEntry entry, SortedRun.Reader reader) {
    }

    /** Iterates entries in order; {@link #next()} returns null at the end. */
    @FunctionalInterface
    interface EntryIterator {
        SortEntry next() throws IOException;
    }

    @Override
    public void close() throws IOException {
        for (SortedRun.Reader reader : readers) {
            reader.close();
        }
        for (Path run : runs) {
            Files.deleteIfExists(run);
        }
        buffer = new ArrayList<>();
    }
}

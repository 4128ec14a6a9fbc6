package io.prefstream.ingest.snapshot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

import io.prefstream.ingest.kafka.TopicScan;
import io.prefstream.ingest.metrics.ArrivalTimes;
import io.prefstream.schemas.serde.AvroSerde;
import io.prefstream.schemas.serde.AvroSerdes;
import io.prefstream.schemas.snapshot.PromptSplit;
import io.prefstream.schemas.v1.PreferenceRecord;

/**
 * The rows of one snapshot, built without holding them all in memory: the accepted records up
 * to the cut's offsets, one row per content key (the first copy's text and id, the highest vote
 * count of any copy), less deleted records and the orientations the conflict policy drops, in
 * content-key order.
 *
 * <p>Work happens in passes over sorted files in a scratch directory, each within the memory
 * budget: the accepted records are sorted by content key (external sort); merging them gives
 * one row per key, written in order to a row file, while each row's pair key goes to a second
 * sort; merging that finds the conflicting pairs and the rows the policy drops, which a last
 * pass leaves out. The result is exactly what sorting everything in memory would give.
 *
 * <p>The caller must close it, which deletes its files.
 */
final class SnapshotRows implements AutoCloseable {

    /** Flag in a row's sequence: the row's prompt falls in the eval split. */
    static final long EVAL = 1;

    /** Avro single-object encoding: two marker bytes, then the 8-byte schema fingerprint. */
    private static final byte[] SINGLE_OBJECT_MARKER = {(byte) 0xC3, 0x01};
    private static final int SINGLE_OBJECT_HEADER = 10;
    private static final boolean KEY_IS_THIRD_STRING = keyIsThirdString();

    private final Path dir;
    private final String topic;
    private final List<Path> files = new ArrayList<>();
    private final AvroSerde<PreferenceRecord> serde = AvroSerdes.preferenceRecord();
    private final SpecificDatumWriter<PreferenceRecord> datumWriter = new SpecificDatumWriter<>(PreferenceRecord.class);
    private final ByteArrayOutputStream datum = new ByteArrayOutputStream(4096);
    private final long fingerprint = serde.fingerprint();
    private BinaryEncoder encoder;
    private BinaryDecoder keyDecoder;
    private Path rows;
    private Stats stats;
    private long scanNanos;

    /**
     * What building the rows found.
     *
     * @param records rows in the snapshot
     * @param firstKey content key of the first row, empty when there is none
     * @param lastKey content key of the last row, empty when there is none
     * @param deleted rows left out because a deletion request names them
     * @param conflicts pairs present in both orientations
     * @param dropped rows the conflict policy left out
     */
    record Stats(long records, String firstKey, String lastKey, long deleted, long conflicts, long dropped) {
    }

    private SnapshotRows(Path dir, String topic) {
        this.dir = dir;
        this.topic = topic;
    }

    /**
     * Reads the accepted topic and builds the rows.
     *
     * @param scan reads the topic
     * @param topic the accepted topic
     * @param ends the cut's end offsets of that topic
     * @param arrivals collects the Kafka timestamps of records new since the parent
     * @param deletions the deletion requests up to the cut
     * @param policy resolves conflicting pairs
     * @param split marks each row's split
     * @param dir an empty scratch directory, kept by the caller
     * @param budgetBytes heap each sort may fill before it spills to disk
     */
    static SnapshotRows build(TopicScan scan, String topic, Map<Integer, Long> ends, ArrivalTimes arrivals,
            Deletions deletions, ConflictPolicy policy, PromptSplit split, Path dir, long budgetBytes)
            throws IOException {
        SnapshotRows built = new SnapshotRows(dir, topic);
        try {
            built.buildRows(scan, ends, arrivals, deletions, policy, split, budgetBytes);
            return built;
        } catch (IOException | RuntimeException e) {
            built.close();
            throw e;
        }
    }

    private void buildRows(TopicScan scan, Map<Integer, Long> ends, ArrivalTimes arrivals,
            Deletions deletions, ConflictPolicy policy, PromptSplit split, long budgetBytes) throws IOException {
        Path merged = newFile("rows");
        Tally tally = new Tally();
        try (ExternalSorter byPairKey = new ExternalSorter(dir, "pairs", budgetBytes)) {
            // Closed before the next pass, so that its buffer and run files are gone by then.
            try (ExternalSorter byContentKey = new ExternalSorter(dir, "accepted", budgetBytes);
                    SortedRun.Writer out = new SortedRun.Writer(merged)) {
                sortAccepted(scan, ends, arrivals, byContentKey);
                mergeCopies(byContentKey.sorted(), deletions, split, out, byPairKey, tally);
            }
            try (ExternalSorter losers = new ExternalSorter(dir, "losers", budgetBytes)) {
                long[] conflicts = findLosers(byPairKey.sorted(), policy, losers);
                if (losers.size() == 0) {
                    rows = merged;
                } else {
                    Tally kept = new Tally();
                    kept.deleted = tally.deleted;
                    rows = leaveOut(merged, losers.sorted(), kept);
                    tally = kept;
                }
                stats = new Stats(tally.count, tally.first, tally.last, tally.deleted, conflicts[0], conflicts[1]);
            }
        }
    }

    /** Feeds every accepted record below the end offsets to the sort, keyed by content key in scan order. */
    private void sortAccepted(TopicScan scan, Map<Integer, Long> ends, ArrivalTimes arrivals,
            ExternalSorter byContentKey) throws IOException {
        long started = System.nanoTime();
        readAccepted(scan, ends, arrivals, byContentKey);
        scanNanos = System.nanoTime() - started - byContentKey.spillNanos();
    }

    private void readAccepted(TopicScan scan, Map<Integer, Long> ends, ArrivalTimes arrivals,
            ExternalSorter byContentKey) throws IOException {
        long[] sequence = {0};
        try {
            scan.scan(topic, ends, r -> {
                arrivals.observe(r.partition(), r.offset(), r.timestamp());
                try {
                    byContentKey.add(new SortEntry(contentKeyOf(r.value()), sequence[0]++, r.value()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Returns a record's content key. In the current schema the key is the third field, after two
     * strings, so for a message written with that schema it is read without decoding the record's
     * text (most of its bytes); a message of any other schema is decoded whole, and fails the way
     * decoding does.
     */
    private String contentKeyOf(byte[] value) throws IOException {
        if (KEY_IS_THIRD_STRING && value != null && value.length > SINGLE_OBJECT_HEADER
                && value[0] == SINGLE_OBJECT_MARKER[0] && value[1] == SINGLE_OBJECT_MARKER[1]
                && ByteBuffer.wrap(value, 2, Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong() == fingerprint) {
            keyDecoder = DecoderFactory.get().binaryDecoder(value, SINGLE_OBJECT_HEADER,
                    value.length - SINGLE_OBJECT_HEADER, keyDecoder);
            keyDecoder.skipString();
            keyDecoder.skipString();
            return keyDecoder.readString();
        }
        return serde.decode(topic, value).getContentKey();
    }

    private static boolean keyIsThirdString() {
        List<Schema.Field> fields = PreferenceRecord.getClassSchema().getFields();
        return fields.size() > 2 && fields.get(2).name().equals("content_key")
                && fields.subList(0, 3).stream().allMatch(f -> f.schema().getType() == Schema.Type.STRING);
    }

    /** Counts rows as they are written, and remembers the first and last key. */
    private static final class Tally {
        private long count;
        private String first = "";
        private String last = "";
        private long deleted;

        void row(String key) {
            if (count++ == 0) {
                first = key;
            }
            last = key;
        }
    }

    /** One row per content key: the first copy, with the highest vote count of any copy; deleted rows left out. */
    private void mergeCopies(ExternalSorter.EntryIterator sorted, Deletions deletions, PromptSplit split,
            SortedRun.Writer out, ExternalSorter byPairKey, Tally tally) throws IOException {
        long pairSequence = 0;
        SortEntry entry = sorted.next();
        while (entry != null) {
            PreferenceRecord kept = serde.decode(topic, entry.payload());
            int votes = kept.getVotes();
            SortEntry copy = sorted.next();
            while (copy != null && copy.key().equals(entry.key())) {
                votes = Math.max(votes, serde.decode(topic, copy.payload()).getVotes());
                copy = sorted.next();
            }
            kept.setVotes(votes);
            if (deletions.covers(kept)) {
                tally.deleted++;
            } else {
                out.write(new SortEntry(kept.getContentKey(), split.isEval(kept.getPrompt()) ? EVAL : 0, encode(kept)));
                tally.row(kept.getContentKey());
                if (kept.getPairKey() != null) {
                    byPairKey.add(new SortEntry(kept.getPairKey(), pairSequence++,
                            orientation(kept.getContentKey(), votes)));
                }
            }
            entry = copy;
        }
    }

    /** Groups orientations by pair key and sends the ones the policy drops to the losers sort. */
    private static long[] findLosers(ExternalSorter.EntryIterator byPair, ConflictPolicy policy,
            ExternalSorter losers) throws IOException {
        long conflicts = 0;
        long dropped = 0;
        SortEntry entry = byPair.next();
        while (entry != null) {
            List<ConflictPolicy.Orientation> orientations = new ArrayList<>(2);
            SortEntry next = entry;
            while (next != null && next.key().equals(entry.key())) {
                orientations.add(orientationOf(next.payload()));
                next = byPair.next();
            }
            if (orientations.size() >= 2) {
                conflicts++;
                for (ConflictPolicy.Orientation loser : policy.losers(orientations)) {
                    losers.add(new SortEntry(loser.contentKey(), 0, new byte[0]));
                    dropped++;
                }
            }
            entry = next;
        }
        return new long[] {conflicts, dropped};
    }

    /** Copies the row file without the losers (both in content-key order). */
    private Path leaveOut(Path merged, ExternalSorter.EntryIterator losers, Tally tally) throws IOException {
        Path kept = newFile("kept");
        try (SortedRun.Reader in = new SortedRun.Reader(merged); SortedRun.Writer out = new SortedRun.Writer(kept)) {
            SortEntry loser = losers.next();
            for (SortEntry row = in.next(); row != null; row = in.next()) {
                while (loser != null && loser.key().compareTo(row.key()) < 0) {
                    loser = losers.next();
                }
                if (loser == null || !loser.key().equals(row.key())) {
                    out.write(row);
                    tally.row(row.key());
                }
            }
        }
        Files.delete(merged);
        return kept;
    }

    /**
     * Returns the time spent reading the accepted topic into the first sort, in nanoseconds, less
     * the time that sort spent spilling runs meanwhile.
     */
    long scanNanos() {
        return scanNanos;
    }

    /** Returns what building found. */
    Stats stats() {
        return stats;
    }

    /**
     * Opens the rows for one pass, in content-key order: each entry's key is the content key,
     * its sequence {@link #EVAL} or 0, its payload the row's Avro binary encoding (no header).
     * The caller must close the reader.
     */
    SortedRun.Reader open() throws IOException {
        return new SortedRun.Reader(rows);
    }

    private byte[] encode(PreferenceRecord record) throws IOException {
        datum.reset();
        encoder = EncoderFactory.get().binaryEncoder(datum, encoder);
        datumWriter.write(record, encoder);
        encoder.flush();
        return datum.toByteArray();
    }

    private static byte[] orientation(String contentKey, int votes) {
        byte[] key = contentKey.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(Integer.BYTES + key.length).putInt(votes).put(key).array();
    }

    private static ConflictPolicy.Orientation orientationOf(byte[] payload) {
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        int votes = buffer.getInt();
        return new ConflictPolicy.Orientation(new String(payload, Integer.BYTES, payload.length - Integer.BYTES,
                StandardCharsets.UTF_8), votes);
    }

    private Path newFile(String name) {
        Path file = dir.resolve(name + "-" + files.size() + ".rows");
        files.add(file);
        return file;
    }

    @Override
    public void close() throws IOException {
        for (Path file : files) {
            Files.deleteIfExists(file);
        }
    }
}

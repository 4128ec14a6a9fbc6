package io.prefstream.ingest.snapshot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.consumer.ConsumerRecord;

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
 * <p>While the accepted topic is read, each record goes whole to a sort by content key, and a
 * summary of it (vote count, whether a deletion request covers it, pair key) to a second, much
 * smaller sort by content key. Everything the snapshot's rows depend on besides their bytes is
 * worked out from the summaries: one merge gives, per content key, the row's vote count and
 * whether it is deleted, written in order to a small plan file, while each kept row's pair key
 * goes to a third sort; merging that finds the conflicting pairs, and when the policy drops rows
 * one more pass over the plan marks them. Only then, when the row count and the first and last
 * keys are known, does {@link #writeTo} merge the records themselves, once, straight into the
 * data file. Each sort works within the memory budget. The result is exactly what sorting
 * everything in memory would give.
 *
 * <p>A record whose message is canonical (see {@link EncodedRecord}) becomes its row unchanged,
 * or with only its vote count rewritten; any other is decoded and encoded again, as the row's
 * bytes must be those of the decoded record.
 *
 * <p>The caller must close it, which deletes its files.
 */
final class SnapshotRows implements AutoCloseable {

    /**
     * The summaries' sort gets this fraction of the memory budget: a summary is about a fifth of a
     * record's heap, so both sorts spill at about the same number of records.
     */
    private static final int SUMMARY_BUDGET_DIVISOR = 4;
    private static final byte[] NO_PAYLOAD = RowSummary.NO_PAYLOAD;

    private final Path dir;
    private final String topic;
    private final Deletions deletions;
    private final PromptSplit split;
    private final List<Path> files = new ArrayList<>();
    private final AvroSerde<PreferenceRecord> serde = AvroSerdes.preferenceRecord();
    private final SpecificDatumWriter<PreferenceRecord> datumWriter = new SpecificDatumWriter<>(PreferenceRecord.class);
    private final ByteArrayOutputStream encoded = new ByteArrayOutputStream(4096);
    private final long fingerprint = serde.fingerprint();
    private final byte[] header = EncodedRecord.header(fingerprint);
    private final ExternalSorter byContentKey;
    private BinaryEncoder encoder;
    private Path plan;
    private Stats stats;
    private long scanNanos;
    private long eval;
    private long newRecords;

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

    /**
     * What writing the rows counted.
     *
     * @param eval rows whose prompt falls in the eval split
     * @param newRecords rows whose content key the parent does not hold
     */
    record Written(long eval, long newRecords) {
    }

    /** The accepted records up to the cut, fed in a fixed order (partition, then offset). */
    @FunctionalInterface
    interface Source {
        void feed(Consumer<ConsumerRecord<byte[], byte[]>> sink) throws IOException;
    }

    private SnapshotRows(Path dir, String topic, Deletions deletions, PromptSplit split, long budgetBytes) {
        this.dir = dir;
        this.topic = topic;
        this.deletions = deletions;
        this.split = split;
        this.byContentKey = new ExternalSorter(dir, "accepted", budgetBytes);
    }

    /**
     * Reads the accepted records and works out the rows; {@link #writeTo} then writes them.
     *
     * @param source feeds the accepted records below the cut's end offsets
     * @param topic the accepted topic, named in decoding errors
     * @param arrivals collects the Kafka timestamps of records new since the parent
     * @param deletions the deletion requests up to the cut
     * @param policy resolves conflicting pairs
     * @param split marks each row's split
     * @param dir an empty scratch directory, kept by the caller
     * @param budgetBytes heap the records' sort may fill before it spills to disk (the other sorts take no more)
     */
    static SnapshotRows build(Source source, String topic, ArrivalTimes arrivals, Deletions deletions,
            ConflictPolicy policy, PromptSplit split, Path dir, long budgetBytes) throws IOException {
        SnapshotRows built = new SnapshotRows(dir, topic, deletions, split, budgetBytes);
        try {
            built.buildRows(source, arrivals, policy, budgetBytes);
            return built;
        } catch (IOException | RuntimeException e) {
            built.close();
            throw e;
        }
    }

    private void buildRows(Source source, ArrivalTimes arrivals, ConflictPolicy policy, long budgetBytes)
            throws IOException {
        Tally tally = new Tally();
        plan = newFile("plan");
        try (ExternalSorter byPairKey = new ExternalSorter(dir, "pairs", budgetBytes)) {
            // Closed before the next pass, so that its buffer and run files are gone by then.
            try (ExternalSorter summaries = new ExternalSorter(dir, "summaries",
                    Math.max(1, budgetBytes / SUMMARY_BUDGET_DIVISOR))) {
                long started = System.nanoTime();
                readAccepted(source, arrivals, summaries);
                scanNanos = System.nanoTime() - started - byContentKey.spillNanos() - summaries.spillNanos();
                planRows(summaries.sorted(), byPairKey, tally);
            }
            try (ExternalSorter losers = new ExternalSorter(dir, "losers", budgetBytes)) {
                long[] conflicts = findLosers(byPairKey.sorted(), policy, losers);
                if (losers.size() > 0) {
                    Tally kept = new Tally();
                    kept.deleted = tally.deleted;
                    plan = leaveOut(plan, losers.sorted(), kept);
                    tally = kept;
                }
                stats = new Stats(tally.count, tally.first, tally.last, tally.deleted, conflicts[0], conflicts[1]);
            }
        }
    }

    /** Feeds every record to the records' sort and its summary to the summaries' sort, both in scan order. */
    private void readAccepted(Source source, ArrivalTimes arrivals, ExternalSorter summaries) throws IOException {
        long[] sequence = {0};
        try {
            source.feed(r -> {
                arrivals.observe(r.partition(), r.offset(), r.timestamp());
                EncodedRecord record = canonical(r.value());
                String key = record.contentKey();
                try {
                    byContentKey.add(new SortEntry(key, sequence[0], record.bytes()));
                    summaries.add(new SortEntry(key, sequence[0], summary(record)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                sequence[0]++;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Returns the message as it is, when it is a canonical datum of the current schema; otherwise
     * decodes it (failing the way decoding does) and returns the record encoded again with the
     * current schema's header.
     */
    private EncodedRecord canonical(byte[] message) {
        EncodedRecord record = EncodedRecord.read(message, fingerprint, true);
        if (record != null && record.canonical()) {
            return record;
        }
        PreferenceRecord decoded = serde.decode(topic, message);
        if (decoded == null) {
            throw new IllegalStateException("topic " + topic + " holds a record without a value");
        }
        byte[] reencoded = encode(decoded);
        record = EncodedRecord.read(reencoded, fingerprint, false);
        if (record == null) {
            throw new IllegalStateException("a PreferenceRecord encoded by this build cannot be read in place:"
                    + " the schema no longer has the layout " + EncodedRecord.class.getSimpleName() + " reads");
        }
        return record;
    }

    private byte[] encode(PreferenceRecord record) {
        encoded.reset();
        encoded.writeBytes(header);
        encoder = EncoderFactory.get().binaryEncoder(encoded, encoder);
        try {
            datumWriter.write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode record " + record.getContentKey() + " in memory", e);
        }
        return encoded.toByteArray();
    }

    private byte[] summary(EncodedRecord record) {
        return RowSummary.of(record.votes(), deletions.covers(record.id(), record.annotatorId()), record.pairKey());
    }

    /** Counts rows as they are planned, and remembers the first and last key. */
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

    /**
     * One plan entry per content key, in order: the highest vote count of any copy, and whether
     * the first copy is deleted; each kept row's orientation goes to the pair-key sort.
     */
    private void planRows(ExternalSorter.EntryIterator sorted, ExternalSorter byPairKey, Tally tally)
            throws IOException {
        long pairSequence = 0;
        try (SortedRun.Writer out = new SortedRun.Writer(plan)) {
            SortEntry entry = sorted.next();
            while (entry != null) {
                int votes = RowSummary.votes(entry.payload());
                SortEntry copy = sorted.next();
                while (copy != null && copy.key().equals(entry.key())) {
                    votes = Math.max(votes, RowSummary.votes(copy.payload()));
                    copy = sorted.next();
                }
                boolean deleted = RowSummary.deleted(entry.payload());
                out.write(new SortEntry(entry.key(), RowSummary.plan(votes, deleted), NO_PAYLOAD));
                if (deleted) {
                    tally.deleted++;
                } else {
                    tally.row(entry.key());
                    String pairKey = RowSummary.pairKey(entry.payload());
                    if (pairKey != null) {
                        byPairKey.add(new SortEntry(pairKey, pairSequence++, RowSummary.orientation(entry.key(), votes)));
                    }
                }
                entry = copy;
            }
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
                orientations.add(RowSummary.orientationOf(next.payload()));
                next = byPair.next();
            }
            if (orientations.size() >= 2) {
                conflicts++;
                for (ConflictPolicy.Orientation loser : policy.losers(orientations)) {
                    losers.add(new SortEntry(loser.contentKey(), 0, NO_PAYLOAD));
                    dropped++;
                }
            }
            entry = next;
        }
        return new long[] {conflicts, dropped};
    }

    /** Copies the plan with the losers (in content-key order, like the plan) marked left out. */
    private Path leaveOut(Path planned, ExternalSorter.EntryIterator losers, Tally tally) throws IOException {
        Path kept = newFile("plan");
        try (SortedRun.Reader in = new SortedRun.Reader(planned); SortedRun.Writer out = new SortedRun.Writer(kept)) {
            SortEntry loser = losers.next();
            for (SortEntry row = in.next(); row != null; row = in.next()) {
                while (loser != null && loser.key().compareTo(row.key()) < 0) {
                    loser = losers.next();
                }
                if (RowSummary.plannedLeftOut(row.sequence())) {
                    out.write(row);
                } else if (loser != null && loser.key().equals(row.key())) {
                    long leftOut = RowSummary.plan(RowSummary.plannedVotes(row.sequence()), true);
                    out.write(new SortEntry(row.key(), leftOut, NO_PAYLOAD));
                } else {
                    out.write(row);
                    tally.row(row.key());
                }
            }
        }
        Files.delete(planned);
        return kept;
    }

    /**
     * Returns the time spent reading the accepted topic into the sorts, in nanoseconds, less the
     * time they spent spilling runs meanwhile.
     */
    long scanNanos() {
        return scanNanos;
    }

    /** Returns what building found. */
    Stats stats() {
        return stats;
    }

    /**
     * Merges the sorted records and hands each row, in content-key order, to the sink as its Avro
     * binary encoding (no header); call once.
     *
     * @param sink receives the rows
     * @param inParent tells whether the parent holds a content key, asked in ascending order
     * @return what was counted on the way
     */
    Written writeTo(SnapshotFiles.RowSink sink, Predicate<String> inParent) throws IOException {
        try (SortedRun.Reader planned = new SortedRun.Reader(plan)) {
            ExternalSorter.EntryIterator sorted = byContentKey.sorted();
            SortEntry entry = sorted.next();
            while (entry != null) {
                SortEntry row = planned.next();
                if (row == null || !row.key().equals(entry.key())) {
                    throw new IllegalStateException("snapshot plan " + plan + " is out of step with the records at "
                            + entry.key() + " (plan has " + (row == null ? "no more rows" : row.key()) + ")");
                }
                SortEntry copy = sorted.next();
                while (copy != null && copy.key().equals(entry.key())) {
                    copy = sorted.next();
                }
                if (!RowSummary.plannedLeftOut(row.sequence())) {
                    writeRow(EncodedRecord.read(entry.payload(), fingerprint, false), RowSummary.plannedVotes(row.sequence()),
                            sink, inParent.test(entry.key()));
                }
                entry = copy;
            }
        }
        return new Written(eval, newRecords);
    }

    private void writeRow(EncodedRecord record, int votes, SnapshotFiles.RowSink sink, boolean inParent)
            throws IOException {
        eval += split.isEval(record.prompt()) ? 1 : 0;
        newRecords += inParent ? 0 : 1;
        byte[] bytes = record.bytes();
        if (votes == record.votes()) {
            sink.append(bytes, EncodedRecord.HEADER, bytes.length - EncodedRecord.HEADER);
        } else {
            byte[] datum = record.datumWithVotes(votes);
            sink.append(datum, 0, datum.length);
        }
    }

    private Path newFile(String name) {
        Path file = dir.resolve(name + "-" + files.size() + ".rows");
        files.add(file);
        return file;
    }

    @Override
    public void close() throws IOException {
        try (ExternalSorter records = byContentKey) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
    }
}

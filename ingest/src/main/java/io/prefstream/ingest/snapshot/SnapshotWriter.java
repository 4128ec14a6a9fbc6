package io.prefstream.ingest.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prefstream.ingest.app.IngestTopics;
import io.prefstream.ingest.app.KafkaSettings;
import io.prefstream.ingest.kafka.AcknowledgedSend;
import io.prefstream.ingest.kafka.DeadLetterReasons;
import io.prefstream.ingest.kafka.TopicScan;
import io.prefstream.ingest.metrics.ArrivalTimes;
import io.prefstream.ingest.metrics.PublishedSnapshot;
import io.prefstream.ingest.metrics.SnapshotMeters;
import io.prefstream.ingest.metrics.SnapshotTrigger;
import io.prefstream.schemas.serde.AvroSerde;
import io.prefstream.schemas.serde.AvroSerdes;
import io.prefstream.schemas.snapshot.Hashing;
import io.prefstream.schemas.snapshot.PromptSplit;
import io.prefstream.schemas.snapshot.SnapshotLayout;
import io.prefstream.schemas.snapshot.SnapshotManifest;
import io.prefstream.schemas.v1.DeadLetter;
import io.prefstream.schemas.v1.SnapshotAnnouncement;

/**
 * Freezes the accepted topic, up to its current committed end offsets, into an immutable
 * snapshot directory and announces it.
 *
 * <p>Order of work, chosen so that a crash at any point is harmless: write into a staging
 * directory and fsync; rename into place (the snapshot becomes visible whole or not at all);
 * announce. A staging directory left by a crash is deleted on the next cut, and a snapshot
 * published but never announced is announced by {@link #announcePending()}. Cuts and pending
 * announcements hold the store's {@linkplain SnapshotStore#lock() writer lock}, so writers that
 * share a snapshots directory take turns. Records are
 * sorted by content key and the files carry no wall-clock time, so the same source offsets
 * always give the same bytes.
 */
public final class SnapshotWriter {

    /** Heap each sort of a cut may fill before it spills to disk: 64 MiB. */
    public static final long DEFAULT_MEMORY_BUDGET_BYTES = 64L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotWriter.class);

    private final KafkaSettings kafka;
    private final IngestTopics topics;
    private final SnapshotStore store;
    private final PromptSplit split;
    private final SnapshotMeters meters;
    private ConflictPolicy conflictPolicy = ConflictPolicy.MAJORITY;
    private long memoryBudgetBytes = DEFAULT_MEMORY_BUDGET_BYTES;

    /**
     * Creates a writer whose meters nobody reads.
     *
     * @param kafka cluster connection
     * @param topics topic names
     * @param store where snapshots are published
     * @param evalFraction fraction of prompts held out for evaluation (default 0.1)
     */
    public SnapshotWriter(KafkaSettings kafka, IngestTopics topics, SnapshotStore store, double evalFraction) {
        this(kafka, topics, store, evalFraction, new SnapshotMeters());
    }

    /**
     * Creates a writer that reports to the given meters, starting from the latest snapshot in the store.
     *
     * @param kafka cluster connection
     * @param topics topic names
     * @param store where snapshots are published
     * @param evalFraction fraction of prompts held out for evaluation (default 0.1)
     * @param meters the snapshot meters, bound by the caller
     */
    public SnapshotWriter(KafkaSettings kafka, IngestTopics topics, SnapshotStore store, double evalFraction,
            SnapshotMeters meters) {
        this.kafka = kafka;
        this.topics = topics;
        this.store = store;
        this.split = PromptSplit.ofFraction(evalFraction);
        this.meters = meters;
        store.latest().ifPresent(
                m -> meters.found(PublishedSnapshot.of(m, publishedAt(store.directoryOf(m.snapshotId())))));
    }

    /**
     * Sets how pairs judged both ways round are resolved (default {@link ConflictPolicy#MAJORITY}).
     *
     * @return this writer
     */
    public SnapshotWriter withConflictPolicy(ConflictPolicy policy) {
        this.conflictPolicy = policy;
        return this;
    }

    /**
     * Sets how much heap each sort of a cut may fill before it spills sorted runs to disk beside
     * the staging directory (default {@link #DEFAULT_MEMORY_BUDGET_BYTES}); the output does not
     * depend on it.
     *
     * @return this writer
     */
    public SnapshotWriter withMemoryBudget(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("snapshot memory budget must be positive, got " + bytes);
        }
        this.memoryBudgetBytes = bytes;
        return this;
    }

    /**
     * The result of a cut.
     *
     * @param manifest the manifest of the snapshot now latest
     * @param directory its directory
     * @param manifestSha256 SHA-256 of its manifest file
     * @param created whether this call created it (false when nothing new had been accepted)
     * @param millis wall time of the cut, up to publishing (the announcement follows)
     * @param phases where that time went; zero for a result that cut nothing
     */
    public record Result(SnapshotManifest manifest, Path directory, String manifestSha256, boolean created,
            long millis, Phases phases) {
    }

    /**
     * Where the time of one cut went, in nanoseconds. What is in neither phase is set-up: the
     * staging clean-up, the consumer and the end offsets.
     *
     * @param readNanos reading the topics: the accepted records (with decoding each one's content
     *        key and buffering it for the sort), the deletion requests, the duplicate and
     *        dead-letter counts
     * @param writeNanos everything from the read records to the published directory: sorting
     *        (including runs spilled while the accepted topic was read), merging copies, the
     *        conflict pass, encoding and writing {@code records.avro}, hashing it, the manifest,
     *        the fsyncs and the rename
     */
    public record Phases(long readNanos, long writeNanos) {

        /** No time in either phase. */
        public static final Phases NONE = new Phases(0, 0);
    }

    /**
     * Cuts a snapshot on request; see {@link #cut(SnapshotTrigger)}.
     *
     * @return the new snapshot, or the latest one unchanged; empty when there is none and nothing to cut
     */
    public Optional<Result> cut() throws IOException {
        return cut(SnapshotTrigger.REQUEST);
    }

    /**
     * Cuts a snapshot at the current end offsets, unless nothing was accepted since the latest.
     * First announces every published snapshot not yet announced, as {@link #announcePending()} does.
     *
     * @param trigger what asked for the cut, counted when a snapshot is published
     * @return the new snapshot, or the latest one unchanged; empty when there is none and nothing to cut
     */
    public Optional<Result> cut(SnapshotTrigger trigger) throws IOException {
        try (SnapshotWriterLock lock = store.lock()) {
            // Another writer sharing the directory (a `snapshot` command) may have died between
            // publishing and announcing; a running service announces for it rather than leave the
            // trainer without that version until some process restarts.
            announcePendingLocked();
            return cutNow(trigger);
        } catch (IOException | RuntimeException e) {
            meters.failed();
            throw e;
        }
    }

    private Optional<Result> cutNow(SnapshotTrigger trigger) throws IOException {
        long started = System.nanoTime();
        int removed = store.removeStaging();
        if (removed > 0) {
            LOG.warn("snapshot writer removed {} unfinished staging directories in {}", removed, store.root());
        }
        Optional<SnapshotManifest> parent = store.latest();
        try (TopicScan scan = new TopicScan(kafka)) {
            SortedMap<Integer, Long> acceptedEnds = scan.endOffsets(topics.accepted());
            SortedMap<Integer, Long> deletionEnds = scan.endOffsets(topics.deletions());
            if (parent.isPresent() && parent.get().offsetsOf(topics.accepted()).equals(acceptedEnds)
                    && parent.get().offsetsOf(topics.deletions()).equals(deletionEnds)) {
                LOG.info("snapshot {} is current: nothing accepted or deleted since (offsets {})",
                        parent.get().snapshotId(), acceptedEnds);
                return Optional.of(resultOf(parent.get(), false, started, Phases.NONE));
            }
            SortedMap<String, SortedMap<Integer, Long>> offsets = new TreeMap<>();
            offsets.put(topics.accepted(), acceptedEnds);
            offsets.put(topics.deletions(), deletionEnds);
            offsets.put(topics.duplicates(), scan.endOffsets(topics.duplicates()));
            offsets.put(topics.deadLetter(), scan.endOffsets(topics.deadLetter()));
            ArrivalTimes arrivals = new ArrivalTimes(
                    parent.map(p -> p.offsetsOf(topics.accepted())).orElse(Map.of()));
            int version = parent.map(SnapshotManifest::version).orElse(0) + 1;
            Path scratch = store.root().resolve(SnapshotLayout.STAGING_PREFIX + SnapshotManifest.idOf(version) + "-"
                    + ProcessHandle.current().pid() + "-sort");
            Files.createDirectories(scratch);
            SnapshotManifest manifest;
            long duplicates;
            long readNanos;
            long writeNanos;
            long phaseStarted = System.nanoTime();
            Deletions deletions = Deletions.read(scan, topics.deletions(), deletionEnds);
            readNanos = System.nanoTime() - phaseStarted;
            phaseStarted = System.nanoTime();
            try (SnapshotRows rows = SnapshotRows.build(sink -> scan.scan(topics.accepted(), acceptedEnds, sink),
                    topics.accepted(), arrivals, deletions, conflictPolicy, split, scratch, memoryBudgetBytes)) {
                readNanos += rows.scanNanos();
                writeNanos = System.nanoTime() - phaseStarted - rows.scanNanos();
                if (rows.stats().records() == 0 && parent.isEmpty()) {
                    LOG.info("no snapshot cut: nothing accepted yet");
                    return Optional.empty();
                }
                phaseStarted = System.nanoTime();
                duplicates = scan.scan(topics.duplicates(), offsets.get(topics.duplicates()), r -> { });
                SortedMap<String, Long> byReason = countDeadLetters(scan, offsets.get(topics.deadLetter()));
                readNanos += System.nanoTime() - phaseStarted;
                phaseStarted = System.nanoTime();
                manifest = write(version, parent, offsets, rows, duplicates, byReason);
            } finally {
                SnapshotStore.deleteTree(scratch);
            }
            writeNanos += System.nanoTime() - phaseStarted;
            long deleted = manifest.counts().deleted();
            Result result = resultOf(manifest, true, started, new Phases(readNanos, writeNanos));
            meters.published(PublishedSnapshot.of(manifest, Instant.now()), trigger, arrivals.millis());
            LOG.info("snapshot {} published: {} records ({} new, {} train, {} eval), {} duplicates, {} dead-lettered,"
                    + " {} deleted, {} ms (read {} ms, write {} ms), manifest sha256 {}", manifest.snapshotId(),
                    manifest.counts().records(), manifest.counts().newRecords(), manifest.counts().train(),
                    manifest.counts().eval(), duplicates, manifest.counts().deadLettered(), deleted, result.millis(),
                    result.phases().readNanos() / 1_000_000, result.phases().writeNanos() / 1_000_000,
                    result.manifestSha256());
            announce(result);
            return Optional.of(result);
        }
    }

    /**
     * Announces every published snapshot that the announcement topic does not yet carry, for
     * example after a crash between publishing and announcing.
     *
     * @return how many snapshots were announced now
     */
    public int announcePending() throws IOException {
        try (SnapshotWriterLock lock = store.lock()) {
            return announcePendingLocked();
        }
    }

    private int announcePendingLocked() throws IOException {
        Set<String> announced = new HashSet<>();
        AvroSerde<SnapshotAnnouncement> serde = AvroSerdes.snapshotAnnouncement();
        try (TopicScan scan = new TopicScan(kafka)) {
            scan.scan(topics.snapshots(), scan.endOffsets(topics.snapshots()),
                    r -> announced.add(serde.decode(topics.snapshots(), r.value()).getSnapshotId()));
        }
        int count = 0;
        for (Path dir : store.published()) {
            if (!announced.contains(dir.getFileName().toString())) {
                SnapshotManifest manifest = SnapshotManifest.read(SnapshotLayout.manifest(dir));
                LOG.warn("snapshot {} was published but never announced; announcing it now", manifest.snapshotId());
                announce(resultOf(manifest, false, System.nanoTime(), Phases.NONE));
                count++;
            }
        }
        return count;
    }

    private SortedMap<String, Long> countDeadLetters(TopicScan scan, Map<Integer, Long> ends) {
        AvroSerde<DeadLetter> serde = AvroSerdes.deadLetter();
        SortedMap<String, Long> byReason = new TreeMap<>();
        scan.scan(topics.deadLetter(), ends,
                r -> byReason.merge(DeadLetterReasons.of(serde, r), 1L, Long::sum));
        return byReason;
    }

    private SnapshotManifest write(int version, Optional<SnapshotManifest> parent,
            SortedMap<String, SortedMap<Integer, Long>> offsets, SnapshotRows rows, long duplicates,
            SortedMap<String, Long> byReason) throws IOException {
        String snapshotId = SnapshotManifest.idOf(version);
        SnapshotRows.Stats stats = rows.stats();
        Path staging = store.root().resolve(SnapshotLayout.STAGING_PREFIX + snapshotId + "-"
                + ProcessHandle.current().pid());
        Files.createDirectory(staging);
        Path recordsFile = SnapshotLayout.records(staging);
        SnapshotRows.Written[] written = {null};
        String recordsSha256;
        try (ParentKeys parentKeys = ParentKeys.open(parent.map(
                p -> SnapshotLayout.records(store.directoryOf(p.snapshotId()))).orElse(null))) {
            // Seeded by content, not offsets: transaction markers make offsets differ between two
            // ingests of the same input, and the data file should not.
            recordsSha256 = SnapshotFiles.writeRows(recordsFile, sink -> written[0] = rows.writeTo(sink,
                    parentKeys::contains), snapshotId + ":" + stats.records() + ":"
                    + (stats.records() == 0 ? "" : stats.firstKey() + ":" + stats.lastKey()));
        }
        long eval = written[0].eval();
        SnapshotManifest.Counts counts = new SnapshotManifest.Counts(stats.records(),
                written[0].newRecords(), stats.records() - eval, eval, duplicates,
                byReason.values().stream().mapToLong(Long::longValue).sum(), byReason, stats.deleted(),
                stats.conflicts(), stats.dropped(), conflictPolicy.name());
        SortedMap<String, SnapshotManifest.FileEntry> files = new TreeMap<>();
        files.put(SnapshotLayout.RECORDS,
                new SnapshotManifest.FileEntry(recordsSha256, Files.size(recordsFile)));
        SnapshotManifest manifest = new SnapshotManifest(SnapshotManifest.FORMAT, snapshotId, version,
                parent.map(SnapshotManifest::version).orElse(0), offsets, counts, split.rule(),
                String.format("0x%016x", AvroSerdes.preferenceRecord().fingerprint()), files);
        SnapshotFiles.writeBytes(SnapshotLayout.manifest(staging), manifest.toJson());
        SnapshotFiles.fsync(staging);
        SnapshotFiles.publish(staging, store.directoryOf(snapshotId));
        return manifest;
    }

    private static Instant publishedAt(Path dir) {
        try {
            return Files.getLastModifiedTime(SnapshotLayout.manifest(dir)).toInstant();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the time of snapshot " + dir, e);
        }
    }

    private Result resultOf(SnapshotManifest manifest, boolean created, long startedNanos, Phases phases)
            throws IOException {
        Path dir = store.directoryOf(manifest.snapshotId());
        return new Result(manifest, dir, Hashing.sha256Hex(SnapshotLayout.manifest(dir)), created,
                (System.nanoTime() - startedNanos) / 1_000_000, phases);
    }

    private void announce(Result result) throws IOException {
        SnapshotManifest m = result.manifest();
        SnapshotAnnouncement announcement = SnapshotAnnouncement.newBuilder()
                .setSnapshotId(m.snapshotId())
                .setVersion(m.version())
                .setParentVersion(m.parentVersion())
                .setLocation(result.directory().toAbsolutePath().toString())
                .setRecordCount(m.counts().records())
                .setTrainCount(m.counts().train())
                .setEvalCount(m.counts().eval())
                .setNewCount(m.counts().newRecords())
                .setManifestSha256(result.manifestSha256())
                .setAnnouncedAt(Instant.now())
                .build();
        try {
            AcknowledgedSend.send(kafka, topics.snapshots(), m.snapshotId(),
                    AvroSerdes.snapshotAnnouncement().encode(announcement));
            LOG.info("snapshot {} announced on {}", m.snapshotId(), topics.snapshots());
        } catch (ExecutionException e) {
            throw new IOException("cannot announce snapshot " + m.snapshotId(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted announcing snapshot " + m.snapshotId(), e);
        }
    }
}

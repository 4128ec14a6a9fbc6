package io.prefstream.ingest.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.prefstream.ingest.metrics.ArrivalTimes;
import io.prefstream.schemas.serde.AvroSerde;
import io.prefstream.schemas.serde.AvroSerdes;
import io.prefstream.schemas.snapshot.PromptSplit;
import io.prefstream.schemas.v1.ChatMessage;
import io.prefstream.schemas.v1.PreferenceRecord;

/**
 * Checks the snapshot's rows against the rule they implement, worked out here the plain way:
 * decode every message, keep per content key the first copy with the highest vote count of any
 * copy, leave out the rows whose first copy a deletion covers, resolve conflicts with
 * {@link ConflictPolicy#resolve}, encode what is left. The rows must be those bytes, whether the
 * sorts fit in memory or spill.
 */
class SnapshotRowsTest {

    private static final String TOPIC = "accepted";
    private static final AvroSerde<PreferenceRecord> SERDE = AvroSerdes.preferenceRecord();
    private static final PromptSplit SPLIT = PromptSplit.ofFraction(0.5);
    private static final long IN_MEMORY = Long.MAX_VALUE;
    private static final long SPILL_EVERY_ENTRY = 1;

    @TempDir
    Path dir;

    private static PreferenceRecord.Builder record(String id, String contentKey, String pairKey, int votes) {
        return PreferenceRecord.newBuilder().setId(id).setSource("test").setContentKey(contentKey)
                .setPrompt("prompt of " + contentKey).setChosen("chosen " + contentKey)
                .setRejected("rejected " + contentKey).setPairKey(pairKey).setVotes(votes);
    }

    private static byte[] message(PreferenceRecord.Builder builder) {
        return SERDE.encode(builder.build());
    }

    /** What the rows must be. */
    private record Expected(List<byte[]> rows, long eval, SnapshotRows.Stats stats) {
    }

    private static Expected expected(List<byte[]> messages, Deletions deletions, ConflictPolicy policy) {
        SortedMap<String, PreferenceRecord> kept = new TreeMap<>();
        for (byte[] message : messages) {
            PreferenceRecord copy = SERDE.decode(TOPIC, message);
            PreferenceRecord first = kept.putIfAbsent(copy.getContentKey(), copy);
            if (first != null) {
                first.setVotes(Math.max(first.getVotes(), copy.getVotes()));
            }
        }
        long deleted = kept.values().stream().filter(r -> deletions.covers(r.getId(), r.getAnnotatorId())).count();
        kept.values().removeIf(r -> deletions.covers(r.getId(), r.getAnnotatorId()));
        ConflictPolicy.Resolution resolution = policy.resolve(kept);
        List<byte[]> rows = kept.values().stream().map(SnapshotRowsTest::datum).toList();
        long eval = kept.values().stream().filter(r -> SPLIT.isEval(r.getPrompt())).count();
        return new Expected(rows, eval, new SnapshotRows.Stats(kept.size(),
                kept.isEmpty() ? "" : kept.firstKey(), kept.isEmpty() ? "" : kept.lastKey(), deleted,
                resolution.conflictingPairs(), resolution.droppedRecords()));
    }

    private static byte[] datum(PreferenceRecord record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<>(PreferenceRecord.class).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows written, with what building and writing counted. */
    private record Actual(List<byte[]> rows, long eval, SnapshotRows.Stats stats) {
    }

    private Actual build(List<byte[]> messages, Deletions deletions, ConflictPolicy policy, long budget)
            throws IOException {
        Path scratch = Files.createTempDirectory(dir, "rows");
        List<byte[]> rows = new ArrayList<>();
        SnapshotRows.Source source = sink -> {
            for (int i = 0; i < messages.size(); i++) {
                sink.accept(new ConsumerRecord<>(TOPIC, 0, i, new byte[0], messages.get(i)));
            }
        };
        try (SnapshotRows built = SnapshotRows.build(source, TOPIC, new ArrivalTimes(Map.of()), deletions, policy,
                SPLIT, scratch, budget)) {
            SnapshotRows.Written written = built.writeTo(
                    (datum, offset, length) -> rows.add(Arrays.copyOfRange(datum, offset, offset + length)),
                    key -> false);
            assertThat(written.newRecords()).isEqualTo(rows.size());
            return new Actual(rows, written.eval(), built.stats());
        }
    }

    private void assertRowsFollowTheRule(List<byte[]> messages, Deletions deletions, ConflictPolicy policy)
            throws IOException {
        Expected expected = expected(messages, deletions, policy);
        for (long budget : new long[] {IN_MEMORY, SPILL_EVERY_ENTRY}) {
            Actual actual = build(messages, deletions, policy, budget);

            assertThat(actual.stats()).as("budget %d", budget).isEqualTo(expected.stats());
            assertThat(actual.eval()).as("budget %d", budget).isEqualTo(expected.eval());
            assertThat(actual.rows()).as("budget %d", budget).hasSameSizeAs(expected.rows());
            for (int i = 0; i < expected.rows().size(); i++) {
                assertThat(actual.rows().get(i)).as("row %d, budget %d", i, budget).isEqualTo(expected.rows().get(i));
            }
        }
    }

    private static Deletions noDeletions() {
        return Deletions.of(Set.of(), Set.of());
    }

    @Test
    void shouldKeepTheFirstCopyWithTheHighestVotesOfAnyCopy() throws IOException {
        List<byte[]> messages = List.of(
                message(record("a-1", "k-a", "p-a", 1)),
                message(record("b-1", "k-b", "p-b", 5)),
                message(record("a-2", "k-a", "p-a", 3).setAnnotatorId("second")),
                message(record("b-2", "k-b", "p-b", 2)),
                // 63 and 64 encode in one and two bytes: the rewritten row grows by a byte.
                message(record("c-1", "k-c", null, 63)),
                message(record("c-2", "k-c", null, 64)),
                message(record("a-3", "k-a", "p-a", 2)));

        assertRowsFollowTheRule(messages, noDeletions(), ConflictPolicy.MAJORITY);
    }

    @Test
    void shouldDeleteByTheFirstCopysIdOnly() throws IOException {
        List<byte[]> messages = List.of(
                message(record("first", "k-a", "p-a", 1)),
                message(record("later", "k-a", "p-a", 2)),
                message(record("keep", "k-b", "p-b", 1)),
                message(record("gone", "k-b", "p-b", 4)),
                message(record("gone-too", "k-c", "p-c", 1)));

        assertRowsFollowTheRule(messages, Deletions.of(Set.of("first", "gone", "gone-too"), Set.of()),
                ConflictPolicy.MAJORITY);
    }

    @Test
    void shouldDeleteByTheFirstCopysAnnotatorOnly() throws IOException {
        List<byte[]> messages = List.of(
                message(record("a-1", "k-a", "p-a", 1).setAnnotatorId("ann-x")),
                message(record("a-2", "k-a", "p-a", 2).setAnnotatorId("ann-y")),
                message(record("b-1", "k-b", "p-b", 1).setAnnotatorId("ann-y")),
                message(record("b-2", "k-b", "p-b", 2).setAnnotatorId("ann-x")),
                message(record("c-1", "k-c", "p-c", 1)));

        assertRowsFollowTheRule(messages, Deletions.of(Set.of(), Set.of("ann-x")), ConflictPolicy.MAJORITY);
    }

    /** Pairs judged both ways: a later copy decides the majority, a tie, a deleted orientation, one alone. */
    private static List<byte[]> conflicts() {
        return List.of(
                message(record("f-1", "k-1f", "p-1", 1)),
                message(record("r-1", "k-1r", "p-1", 2)),
                message(record("f-1b", "k-1f", "p-1", 3)),
                message(record("f-2", "k-2f", "p-2", 2)),
                message(record("r-2", "k-2r", "p-2", 2)),
                message(record("f-3", "k-3f", "p-3", 5)),
                message(record("r-3", "k-3r", "p-3", 1).setAnnotatorId("deleted-annotator")),
                message(record("f-4", "k-4f", "p-4", 1)),
                message(record("r-5", "k-5r", "p-5", 7)),
                message(record("f-5", "k-5f", "p-5", 1)),
                message(record("lone", "k-6", null, 1)));
    }

    @Test
    void shouldResolveConflictsByMajority() throws IOException {
        assertRowsFollowTheRule(conflicts(), Deletions.of(Set.of(), Set.of("deleted-annotator")),
                ConflictPolicy.MAJORITY);
    }

    @Test
    void shouldResolveConflictsByDroppingBoth() throws IOException {
        assertRowsFollowTheRule(conflicts(), Deletions.of(Set.of(), Set.of("deleted-annotator")), ConflictPolicy.DROP);
    }

    @Test
    void shouldResolveConflictsByKeepingBoth() throws IOException {
        assertRowsFollowTheRule(conflicts(), Deletions.of(Set.of(), Set.of("deleted-annotator")),
                ConflictPolicy.KEEP_BOTH);
    }

    @Test
    void shouldFindTheFirstAndLastKeyWhenThePolicyDropsTheEnds() throws IOException {
        List<byte[]> messages = List.of(
                message(record("f-1", "a-first", "p-1", 1)),
                message(record("r-1", "z-last", "p-1", 1)),
                message(record("m", "m-middle", null, 1)));

        assertRowsFollowTheRule(messages, noDeletions(), ConflictPolicy.DROP);
        assertThat(build(messages, noDeletions(), ConflictPolicy.DROP, IN_MEMORY).stats())
                .isEqualTo(new SnapshotRows.Stats(1, "m-middle", "m-middle", 0, 1, 2));
    }

    @Test
    void shouldWriteNoRowsWhenEverythingIsDeleted() throws IOException {
        List<byte[]> messages = List.of(message(record("x", "k-x", "p-x", 1)));

        assertRowsFollowTheRule(messages, Deletions.of(Set.of("x"), Set.of()), ConflictPolicy.MAJORITY);
        assertThat(build(messages, Deletions.of(Set.of("x"), Set.of()), ConflictPolicy.MAJORITY, IN_MEMORY).rows())
                .isEmpty();
    }

    @Test
    void shouldCarryEveryFieldOfTheFirstCopy() throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("only", "one entry, \u00e9t\u00e9 \ud83d\ude00");
        List<byte[]> messages = List.of(
                message(record("full", "k-full", "p-full", 2).setAnnotatorId("ann")
                        .setPromptMessages(List.of(new ChatMessage("user", "hello \u4e16\u754c"),
                                new ChatMessage("assistant", "hi")))
                        .setCreatedAt(Instant.ofEpochMilli(1_700_000_000_123L)).setMetadata(metadata)),
                message(record("full-2", "k-full", "p-full", 9)),
                message(record("empty-messages", "k-empty", null, 1).setPromptMessages(List.of())));

        assertRowsFollowTheRule(messages, noDeletions(), ConflictPolicy.MAJORITY);
    }

    @Test
    void shouldWriteWhatDecodingGivesForMessagesThatAreNotCanonical() throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        for (int i = 20; i > 0; i--) {
            metadata.put("key-" + i, "value-" + i);
        }
        byte[] invalidUtf8 = message(record("bad-text", "k-bad", "p-bad", 1));
        int chosen = indexOf(invalidUtf8, "chosen k-bad".getBytes(StandardCharsets.UTF_8));
        invalidUtf8[chosen] = (byte) 0xFF;
        byte[] trailing = concat(message(record("trailing", "k-trailing", null, 1)), new byte[] {7, 7});
        List<byte[]> messages = List.of(
                message(record("many", "k-many", "p-many", 1).setMetadata(metadata)),
                message(record("many-2", "k-many", "p-many", 3)),
                invalidUtf8,
                trailing);

        assertRowsFollowTheRule(messages, noDeletions(), ConflictPolicy.MAJORITY);
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i + part.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new IllegalArgumentException("not found");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}

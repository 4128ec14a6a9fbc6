package io.prefstream.ingest.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalSorterTest {

    private static final long SEED = 11L;

    @TempDir
    Path dir;

    private static List<SortEntry> randomEntries(int count) {
        Random random = new Random(SEED);
        List<SortEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // Few distinct keys, so that equal keys must come out in the order they went in.
            String key = Integer.toHexString(random.nextInt(50));
            byte[] payload = new byte[random.nextInt(40)];
            random.nextBytes(payload);
            entries.add(new SortEntry(key, i, payload));
        }
        return entries;
    }

    private static List<SortEntry> drain(ExternalSorter.EntryIterator sorted) throws IOException {
        List<SortEntry> out = new ArrayList<>();
        for (SortEntry entry = sorted.next(); entry != null; entry = sorted.next()) {
            out.add(entry);
        }
        return out;
    }

    private List<SortEntry> sortWithBudget(List<SortEntry> entries, long budget, int[] spills) throws IOException {
        try (ExternalSorter sorter = new ExternalSorter(dir, "test", budget)) {
            for (SortEntry entry : entries) {
                sorter.add(entry);
            }
            List<SortEntry> sorted = drain(sorter.sorted());
            spills[0] = sorter.spills();
            return sorted;
        }
    }

    @Test
    void shouldGiveTheSameOrderWhetherEntriesFitInMemoryOrSpill() throws IOException {
        List<SortEntry> entries = randomEntries(2_000);
        int[] inMemorySpills = {0};
        int[] spilledSpills = {0};

        List<SortEntry> inMemory = sortWithBudget(entries, Long.MAX_VALUE, inMemorySpills);
        List<SortEntry> spilled = sortWithBudget(entries, 4_096, spilledSpills);

        assertThat(inMemorySpills[0]).isZero();
        assertThat(spilledSpills[0]).isGreaterThan(10);
        assertThat(spilled).hasSameSizeAs(entries);
        assertThat(spilled).extracting(SortEntry::key, SortEntry::sequence)
                .containsExactlyElementsOf(inMemory.stream().map(e -> org.assertj.core.groups.Tuple.tuple(
                        e.key(), e.sequence())).toList());
        assertThat(spilled).isSortedAccordingTo(SortEntry.ORDER);
        for (int i = 0; i < spilled.size(); i++) {
            assertThat(spilled.get(i).payload()).isEqualTo(inMemory.get(i).payload());
        }
    }

    @Test
    void shouldDeleteItsRunFilesWhenClosed() throws IOException {
        int[] spills = {0};

        sortWithBudget(randomEntries(500), 1_024, spills);

        assertThat(spills[0]).isPositive();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void shouldOrderKeysAsStringsDoWhateverTheirPrefixes() throws IOException {
        String[] keys = {"abcd", "abcde", "abcd\u0000", "abc", "", "\u0000", "abcdz", "abce", "\uffff", "\ud83d\ude00",
            "\u00e9t\u00e9", "abcd", "b", "abcc\uffff"};
        List<SortEntry> entries = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            entries.add(new SortEntry(keys[i], i, new byte[0]));
        }
        List<String> expected = entries.stream()
                .sorted(java.util.Comparator.comparing(SortEntry::key).thenComparingLong(SortEntry::sequence))
                .map(e -> e.key() + "#" + e.sequence()).toList();

        for (long budget : new long[] {Long.MAX_VALUE, 1}) {
            assertThat(sortWithBudget(entries, budget, new int[1])).extracting(e -> e.key() + "#" + e.sequence())
                    .as("budget %d", budget).containsExactlyElementsOf(expected);
        }
    }
}

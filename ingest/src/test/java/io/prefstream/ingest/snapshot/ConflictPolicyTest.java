package io.prefstream.ingest.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SortedMap;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.prefstream.schemas.v1.PreferenceRecord;

class ConflictPolicyTest {

    private static PreferenceRecord row(String contentKey, String pairKey, int votes) {
        return PreferenceRecord.newBuilder().setId(contentKey).setSource("s").setContentKey(contentKey)
                .setPairKey(pairKey).setPrompt("p").setChosen("a").setRejected("b").setVotes(votes).build();
    }

    private static SortedMap<String, PreferenceRecord> rows(int forwardVotes, int reverseVotes) {
        SortedMap<String, PreferenceRecord> rows = new TreeMap<>();
        rows.put("k1", row("k1", "pair", forwardVotes));
        rows.put("k2", row("k2", "pair", reverseVotes));
        rows.put("k3", row("k3", "other", 1));
        return rows;
    }

    @Test
    void shouldKeepMajorityOrientation() {
        SortedMap<String, PreferenceRecord> rows = rows(3, 1);

        ConflictPolicy.Resolution resolution = ConflictPolicy.MAJORITY.resolve(rows);

        assertThat(rows).containsOnlyKeys("k1", "k3");
        assertThat(resolution).isEqualTo(new ConflictPolicy.Resolution(1, 1));
    }

    @Test
    void shouldDropBothOrientationsOnMajorityTie() {
        SortedMap<String, PreferenceRecord> rows = rows(2, 2);

        ConflictPolicy.MAJORITY.resolve(rows);

        assertThat(rows).containsOnlyKeys("k3");
    }

    @Test
    void shouldDropEveryConflictingPairUnderDrop() {
        SortedMap<String, PreferenceRecord> rows = rows(5, 1);

        assertThat(ConflictPolicy.DROP.resolve(rows).droppedRecords()).isEqualTo(2);
        assertThat(rows).containsOnlyKeys("k3");
    }

    @Test
    void shouldKeepBothOrientationsWithTheirVotes() {
        SortedMap<String, PreferenceRecord> rows = rows(2, 1);

        assertThat(ConflictPolicy.KEEP_BOTH.resolve(rows)).isEqualTo(new ConflictPolicy.Resolution(1, 0));
        assertThat(rows).containsOnlyKeys("k1", "k2", "k3");
    }
}

package io.prefstream.ingest.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RowSummaryTest {

    @Test
    void summaryKeepsVotesDeletionAndPairKey() {
        byte[] paired = RowSummary.of(70_000, true, "pair-\u00e9");
        byte[] unpaired = RowSummary.of(1, false, null);

        assertThat(RowSummary.votes(paired)).isEqualTo(70_000);
        assertThat(RowSummary.deleted(paired)).isTrue();
        assertThat(RowSummary.pairKey(paired)).isEqualTo("pair-\u00e9");
        assertThat(RowSummary.votes(unpaired)).isEqualTo(1);
        assertThat(RowSummary.deleted(unpaired)).isFalse();
        assertThat(RowSummary.pairKey(unpaired)).isNull();
    }

    @Test
    void planKeepsVotesAndWhetherTheRowIsLeftOut() {
        long kept = RowSummary.plan(Integer.MAX_VALUE, false);
        long leftOut = RowSummary.plan(3, true);

        assertThat(RowSummary.plannedVotes(kept)).isEqualTo(Integer.MAX_VALUE);
        assertThat(RowSummary.plannedLeftOut(kept)).isFalse();
        assertThat(RowSummary.plannedVotes(leftOut)).isEqualTo(3);
        assertThat(RowSummary.plannedLeftOut(leftOut)).isTrue();
    }

    @Test
    void orientationKeepsContentKeyAndVotes() {
        ConflictPolicy.Orientation orientation = RowSummary.orientationOf(RowSummary.orientation("key-\u4e00", 5));

        assertThat(orientation.contentKey()).isEqualTo("key-\u4e00");
        assertThat(orientation.votes()).isEqualTo(5);
    }
}

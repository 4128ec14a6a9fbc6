package io.prefstream.trainer.round;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class MinibatchesTest {

    private static final int[] LENGTHS = new Random(11).ints(1000, 10, 200).toArray();

    @Test
    void bucketedBatchesHoldEveryExampleOnce() {
        List<List<Integer>> batches = Minibatches.bucketed(LENGTHS, 16, new Random(3));
        assertThat(batches.stream().flatMap(List::stream).sorted().toList())
                .containsExactlyElementsOf(IntStream.range(0, LENGTHS.length).boxed().toList());
        assertThat(batches).hasSize(Minibatches.count(LENGTHS.length, 16));
        assertThat(batches).allSatisfy(batch -> assertThat(batch.size()).isBetween(1, 16));
    }

    @Test
    void bucketedBatchesPadFarLessThanShuffledOnes() {
        double shuffled = Minibatches.paddingShare(Minibatches.shuffled(LENGTHS.length, 16, new Random(3)), LENGTHS);
        double bucketed = Minibatches.paddingShare(Minibatches.bucketed(LENGTHS, 16, new Random(3)), LENGTHS);
        assertThat(shuffled).isGreaterThan(0.3);
        assertThat(bucketed).isLessThan(shuffled / 4);
    }

    @Test
    void bucketingIsSeededAndStillShufflesAcrossEpochs() {
        assertThat(Minibatches.bucketed(LENGTHS, 16, new Random(5)))
                .isEqualTo(Minibatches.bucketed(LENGTHS, 16, new Random(5)));
        assertThat(Minibatches.bucketed(LENGTHS, 16, new Random(5)))
                .isNotEqualTo(Minibatches.bucketed(LENGTHS, 16, new Random(6)));
    }

    @Test
    void paddingShareCountsPaddedPositions() {
        int[] lengths = {2, 4, 4, 4};
        // one batch of all four: 16 slots, 14 filled
        assertThat(Minibatches.paddingShare(List.of(List.of(0, 1, 2, 3)), lengths)).isEqualTo(2.0 / 16);
        assertThat(Minibatches.paddingShare(List.of(List.of(0), List.of(1, 2, 3)), lengths)).isZero();
    }
}

package io.prefstream.trainer.round;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Splits example indices into shuffled minibatches; the last one may be smaller. */
final class Minibatches {

    private Minibatches() {
    }

    /** Returns the batches of one epoch over {@code 0..count-1}, shuffled by the generator. */
    static List<List<Integer>> shuffled(int count, int batchSize, java.util.Random random) {
        List<Integer> order = IntStream.range(0, count).boxed().collect(Collectors.toCollection(ArrayList::new));
        Collections.shuffle(order, random);
        List<List<Integer>> batches = new ArrayList<>();
        for (int start = 0; start < count; start += batchSize) {
            batches.add(order.subList(start, Math.min(count, start + batchSize)));
        }
        return batches;
    }

    /** Returns the number of batches of one epoch. */
    static int count(int examples, int batchSize) {
        return (examples + batchSize - 1) / batchSize;
    }
}

package io.prefstream.trainer.round;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Splits example indices into minibatches for one epoch.
 *
 * <p>A batch is padded to its longest sequence, so batches of similar lengths waste less compute.
 * {@link #bucketed} shuffles the examples, sorts each pool of {@value #POOL_BATCHES} batches' worth
 * by length, cuts the pools into batches and shuffles the batch order: batches hold neighbours in
 * length while which examples meet, and in what order batches come, still change every epoch.
 */
public final class Minibatches {

    /** Batches' worth of examples sorted together; larger pools pad less and mix less. */
    static final int POOL_BATCHES = 8;

    private Minibatches() {
    }

    /** Returns the batches of one epoch over {@code 0..count-1}, shuffled by the generator. */
    public static List<List<Integer>> shuffled(int count, int batchSize, Random random) {
        List<Integer> order = IntStream.range(0, count).boxed().collect(Collectors.toCollection(ArrayList::new));
        Collections.shuffle(order, random);
        return cut(order, batchSize);
    }

    /**
     * Returns the batches of one epoch, each drawn from examples of similar length.
     *
     * @param lengths the padded length of each example (for a preference row, its longest sequence)
     * @param batchSize examples per batch; the last batch of a pool may be smaller
     * @param random the only source of randomness
     */
    public static List<List<Integer>> bucketed(int[] lengths, int batchSize, Random random) {
        List<Integer> order = IntStream.range(0, lengths.length).boxed()
                .collect(Collectors.toCollection(ArrayList::new));
        Collections.shuffle(order, random);
        List<List<Integer>> batches = new ArrayList<>();
        int pool = batchSize * POOL_BATCHES;
        for (int start = 0; start < order.size(); start += pool) {
            List<Integer> members = new ArrayList<>(order.subList(start, Math.min(order.size(), start + pool)));
            // a stable sort keeps the shuffled order among equal lengths
            members.sort(Comparator.comparingInt(i -> lengths[i]));
            batches.addAll(cut(members, batchSize));
        }
        Collections.shuffle(batches, random);
        return batches;
    }

    /** Returns the share of a padded batch's positions that hold padding, over all the batches. */
    public static double paddingShare(List<List<Integer>> batches, int[] lengths) {
        long slots = 0;
        long filled = 0;
        for (List<Integer> batch : batches) {
            int longest = batch.stream().mapToInt(i -> lengths[i]).max().orElse(0);
            slots += (long) longest * batch.size();
            filled += batch.stream().mapToLong(i -> lengths[i]).sum();
        }
        return slots == 0 ? 0 : 1.0 - (double) filled / slots;
    }

    /** Returns the number of batches of one epoch. */
    public static int count(int examples, int batchSize) {
        return (examples + batchSize - 1) / batchSize;
    }

    private static List<List<Integer>> cut(List<Integer> order, int batchSize) {
        List<List<Integer>> batches = new ArrayList<>();
        for (int start = 0; start < order.size(); start += batchSize) {
            batches.add(List.copyOf(order.subList(start, Math.min(order.size(), start + batchSize))));
        }
        return batches;
    }
}

package io.prefstream.trainer.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import io.prefstream.trainer.data.SpecialIds;

/**
 * Samples responses autoregressively, a batch of prompts at a time, with a key/value cache.
 *
 * <p>Contexts are left-padded so that all rows decode in step; each row keeps its own positions
 * and a mask hides its padding. The prefix is run once, then each step feeds one token per row.
 * Rows that finished keep being fed padding until the batch ends; their output is ignored.
 */
public final class ResponseSampler {

    private static final float MASKED = -1e9f;

    private final TokenPicker picker;
    private final int maxNewTokens;
    private final int batchSize;
    private final boolean useCache;

    /**
     * Creates a sampler.
     *
     * @param picker draws each token
     * @param maxNewTokens most tokens generated per response
     * @param batchSize prompts generated together
     */
    public ResponseSampler(TokenPicker picker, int maxNewTokens, int batchSize) {
        this(picker, maxNewTokens, batchSize, true);
    }

    private ResponseSampler(TokenPicker picker, int maxNewTokens, int batchSize, boolean useCache) {
        if (maxNewTokens < 1 || batchSize < 1) {
            throw new IllegalArgumentException("max new tokens and batch size must be positive, got "
                    + maxNewTokens + " and " + batchSize);
        }
        this.picker = picker;
        this.maxNewTokens = maxNewTokens;
        this.batchSize = batchSize;
        this.useCache = useCache;
    }

    /**
     * Returns a sampler with the same settings that reruns the sequence for every new token even
     * when the model has a key/value cache: the baseline the cache is measured and checked against.
     */
    public ResponseSampler withoutCache() {
        return new ResponseSampler(picker, maxNewTokens, batchSize, false);
    }

    /**
     * Samples one response per context.
     *
     * @param model the policy
     * @param contexts {@code [BOS, prompt...]} ids, each leaving room for {@code maxNewTokens} more positions
     * @param random the only source of randomness, consumed in context order within each step
     */
    public List<GeneratedResponse> sample(LanguageModel model, List<int[]> contexts, Random random) {
        for (int[] context : contexts) {
            if (context.length + maxNewTokens > model.maxPositions()) {
                throw new IllegalArgumentException("context of " + context.length + " tokens leaves no room for "
                        + maxNewTokens + " new tokens within " + model.maxPositions() + " positions");
            }
        }
        List<GeneratedResponse> responses = new ArrayList<>(contexts.size());
        ParameterStore store = model.inferenceStore();
        for (int start = 0; start < contexts.size(); start += batchSize) {
            List<int[]> batch = contexts.subList(start, Math.min(contexts.size(), start + batchSize));
            responses.addAll(InferenceMode.call(() -> useCache && model.hasKeyValueCache()
                    ? sampleBatch(model, store, batch, random)
                    : sampleBatchWithoutCache(model, store, batch, random)));
        }
        return responses;
    }

    private List<GeneratedResponse> sampleBatch(LanguageModel model, ParameterStore store, List<int[]> contexts,
            Random random) {
        int vocab = model.vocabSize();
        SpecialIds specials = SpecialIds.forVocabulary(vocab);
        DecodeRows rows = new DecodeRows(contexts, maxNewTokens, specials);
        // the batch manager holds only the current cache; each step's manager frees the previous one
        try (NDManager batchManager = model.djlModel().getNDManager().newSubManager()) {
            NDList caches;
            float[] logits;
            try (NDManager step = batchManager.newSubManager()) {
                NDList out = model.decode(store, rows.prefill(step));
                logits = out.get(0).get(new NDIndex(":, -1, :")).toFloatArray();
                caches = keep(out, batchManager);
            }
            for (int s = 0; s < maxNewTokens; s++) {
                int[] next = new int[rows.size()];
                for (int r = 0; r < rows.size(); r++) {
                    next[r] = rows.isDone(r) ? specials.pad() : picker.pick(logits, r * vocab, vocab, random);
                }
                rows.append(next);
                if (rows.allDone()) {
                    break;
                }
                try (NDManager step = batchManager.newSubManager()) {
                    caches.attach(step);
                    NDList inputs = rows.decodeStep(step, s);
                    inputs.addAll(caches);
                    NDList out = model.decode(store, inputs);
                    logits = out.get(0).toFloatArray();
                    caches = keep(out, batchManager);
                }
            }
        }
        return rows.responses();
    }

    /**
     * Samples for a model without a key/value cache by rerunning each sequence for every new token.
     * Such a model takes no attention mask, so only contexts of equal length share a batch: the
     * batch runs as groups by context length, shortest first, each drawing in row order per step.
     */
    private List<GeneratedResponse> sampleBatchWithoutCache(LanguageModel model, ParameterStore store,
            List<int[]> contexts, Random random) {
        int vocab = model.vocabSize();
        SpecialIds specials = SpecialIds.forVocabulary(vocab);
        Map<Integer, List<Integer>> byLength = new TreeMap<>();
        for (int i = 0; i < contexts.size(); i++) {
            byLength.computeIfAbsent(contexts.get(i).length, length -> new ArrayList<>()).add(i);
        }
        GeneratedResponse[] responses = new GeneratedResponse[contexts.size()];
        for (List<Integer> members : byLength.values()) {
            DecodeRows rows = new DecodeRows(members.stream().map(contexts::get).toList(), maxNewTokens, specials);
            for (int s = 0; s < maxNewTokens && !rows.allDone(); s++) {
                float[] logits;
                try (NDManager step = model.djlModel().getNDManager().newSubManager()) {
                    NDArray tokens = step.create(rows.sequencesSoFar(s), new Shape(rows.size(), rows.width + s));
                    logits = model.logits(store, tokens, false).get(new NDIndex(":, -1, :")).toFloatArray();
                }
                int[] next = new int[rows.size()];
                for (int r = 0; r < rows.size(); r++) {
                    next[r] = rows.isDone(r) ? specials.pad() : picker.pick(logits, r * vocab, vocab, random);
                }
                rows.append(next);
            }
            List<GeneratedResponse> sampled = rows.responses();
            for (int k = 0; k < members.size(); k++) {
                responses[members.get(k)] = sampled.get(k);
            }
        }
        return List.of(responses);
    }

    /** Moves the keys and values (all outputs after the logits) into the longer-lived manager. */
    private static NDList keep(NDList out, NDManager manager) {
        NDList caches = new NDList(out.subList(1, out.size()));
        caches.attach(manager);
        return caches;
    }

    /** Per-row decoding state of one batch: ids so far, padding, and which rows are finished. */
    private static final class DecodeRows {

        private final List<int[]> contexts;
        private final SpecialIds specials;
        private final int width;
        private final int[] pads;
        private final int[][] generated;
        private final int[] counts;
        private final boolean[] complete;
        private final boolean[] done;

        DecodeRows(List<int[]> contexts, int maxNewTokens, SpecialIds specials) {
            this.contexts = contexts;
            this.specials = specials;
            this.width = contexts.stream().mapToInt(c -> c.length).max().orElseThrow();
            this.pads = contexts.stream().mapToInt(c -> width - c.length).toArray();
            this.generated = new int[contexts.size()][maxNewTokens];
            this.counts = new int[contexts.size()];
            this.complete = new boolean[contexts.size()];
            this.done = new boolean[contexts.size()];
        }

        int size() {
            return contexts.size();
        }

        boolean isDone(int row) {
            return done[row];
        }

        boolean allDone() {
            for (boolean d : done) {
                if (!d) {
                    return false;
                }
            }
            return true;
        }

        /** Records the picked ids of unfinished rows; EOS or a full buffer finishes a row. */
        void append(int[] next) {
            for (int r = 0; r < next.length; r++) {
                if (done[r]) {
                    continue;
                }
                if (next[r] == specials.eos()) {
                    complete[r] = true;
                    done[r] = true;
                    continue;
                }
                generated[r][counts[r]++] = next[r];
                done[r] = counts[r] == generated[r].length;
            }
        }

        /**
         * Returns the equal-length contexts followed by the ids of the first {@code step} steps,
         * padding where a row has finished, as a flat {@code [rows, width + step]} array.
         */
        long[] sequencesSoFar(int step) {
            int length = width + step;
            long[] tokens = new long[size() * length];
            for (int r = 0; r < size(); r++) {
                int[] context = contexts.get(r);
                for (int j = 0; j < length; j++) {
                    int generatedAt = j - context.length;
                    tokens[r * length + j] = j < context.length ? context[j]
                            : generatedAt < counts[r] ? generated[r][generatedAt] : specials.pad();
                }
            }
            return tokens;
        }

        /** Returns {@code (tokens, positions, mask)} for the left-padded contexts. */
        NDList prefill(NDManager manager) {
            int rows = size();
            long[] tokens = new long[rows * width];
            long[] positions = new long[rows * width];
            float[] mask = new float[rows * width * width];
            for (int r = 0; r < rows; r++) {
                int[] context = contexts.get(r);
                for (int j = 0; j < width; j++) {
                    boolean real = j >= pads[r];
                    tokens[r * width + j] = real ? context[j - pads[r]] : specials.pad();
                    positions[r * width + j] = real ? j - pads[r] : 0;
                    for (int k = 0; k < width; k++) {
                        boolean hidden = k > j || k < pads[r];
                        mask[(r * width + j) * width + k] = hidden ? MASKED : 0f;
                    }
                }
            }
            return new NDList(manager.create(tokens, new Shape(rows, width)),
                    manager.create(positions, new Shape(rows, width)),
                    manager.create(mask, new Shape(rows, 1, width, width)));
        }

        /** Returns {@code (tokens, positions, mask)} feeding each row's newest id at step {@code step}. */
        NDList decodeStep(NDManager manager, int step) {
            int rows = size();
            int keys = width + step + 1;
            long[] tokens = new long[rows];
            long[] positions = new long[rows];
            float[] mask = new float[rows * keys];
            for (int r = 0; r < rows; r++) {
                boolean fed = !done[r];
                tokens[r] = fed ? generated[r][counts[r] - 1] : specials.pad();
                positions[r] = contexts.get(r).length + step;
                Arrays.fill(mask, r * keys, r * keys + pads[r], MASKED);
            }
            return new NDList(manager.create(tokens, new Shape(rows, 1)),
                    manager.create(positions, new Shape(rows, 1)),
                    manager.create(mask, new Shape(rows, 1, 1, keys)));
        }

        List<GeneratedResponse> responses() {
            List<GeneratedResponse> responses = new ArrayList<>(size());
            for (int r = 0; r < size(); r++) {
                responses.add(new GeneratedResponse(Arrays.copyOf(generated[r], counts[r]), complete[r]));
            }
            return responses;
        }
    }
}

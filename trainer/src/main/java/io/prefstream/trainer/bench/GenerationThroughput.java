package io.prefstream.trainer.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import io.prefstream.trainer.data.ByteTokenizer;
import io.prefstream.trainer.model.GeneratedResponse;
import io.prefstream.trainer.model.LanguageModel;
import io.prefstream.trainer.model.ResponseSampler;
import io.prefstream.trainer.model.TokenPicker;

/**
 * Times sampling of a fixed number of new tokens with the key/value cache and without it.
 *
 * <p>The model's output bias for EOS is set far below the others first, so no row stops early and
 * both ways generate exactly {@code newTokens} tokens per context. Both use the same picker and
 * seed; without the cache, {@link ResponseSampler#withoutCache()} reruns the whole sequence per token.
 */
public final class GenerationThroughput {

    private static final float NEVER = -1e4f;
    private static final String HEAD_BIAS = "head_bias";

    private GenerationThroughput() {
    }

    /**
     * The measurement.
     *
     * @param cachedTokensPerSecond new tokens per second with the cache
     * @param uncachedTokensPerSecond new tokens per second rerunning the whole sequence each step
     */
    public record Result(double cachedTokensPerSecond, double uncachedTokensPerSecond) {

        /** Returns how many times faster the cached sampler is. */
        public double speedup() {
            return cachedTokensPerSecond / uncachedTokensPerSecond;
        }
    }

    /**
     * Samples with both samplers and returns their rates.
     *
     * @param model the model; its EOS output bias is changed
     * @param prompts contexts generated together
     * @param promptLength tokens per context, BOS included
     * @param newTokens tokens generated per context; {@code promptLength + newTokens} must fit the model
     * @param seed draws the prompts and the samples
     */
    public static Result measure(LanguageModel model, int prompts, int promptLength, int newTokens, long seed) {
        suppressEos(model);
        List<int[]> contexts = contexts(prompts, promptLength, new Random(seed));
        TokenPicker picker = new TokenPicker(1.0, 1.0);

        ResponseSampler cached = new ResponseSampler(picker, newTokens, prompts);
        cached.sample(model, contexts, new Random(seed));
        long start = System.nanoTime();
        List<GeneratedResponse> responses = cached.sample(model, contexts, new Random(seed));
        double cachedSeconds = (System.nanoTime() - start) / 1e9;
        long cachedTokens = responses.stream().mapToLong(r -> r.ids().length).sum();
        if (cachedTokens != (long) prompts * newTokens) {
            throw new IllegalStateException("cached sampler stopped early: " + cachedTokens + " of "
                    + (long) prompts * newTokens + " tokens");
        }

        start = System.nanoTime();
        cached.withoutCache().sample(model, contexts, new Random(seed));
        double uncachedSeconds = (System.nanoTime() - start) / 1e9;
        return new Result(cachedTokens / cachedSeconds, cachedTokens / uncachedSeconds);
    }

    /** Returns {@code [BOS, random bytes...]} contexts of the given length. */
    static List<int[]> contexts(int count, int length, Random random) {
        List<int[]> contexts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int[] context = new int[length];
            context[0] = ByteTokenizer.BOS;
            for (int j = 1; j < length; j++) {
                context[j] = random.nextInt(ByteTokenizer.BYTE_COUNT);
            }
            contexts.add(context);
        }
        return contexts;
    }

    /** Sets the output bias of EOS to a large negative value (DJL prefixes child block names with their index). */
    static void suppressEos(LanguageModel model) {
        for (Pair<String, Parameter> parameter : model.djlModel().getBlock().getParameters()) {
            if (parameter.getKey().endsWith(HEAD_BIAS)) {
                NDArray bias = parameter.getValue().getArray();
                bias.set(new NDIndex(ByteTokenizer.EOS), NEVER);
                return;
            }
        }
        throw new IllegalStateException("model has no parameter " + HEAD_BIAS);
    }
}

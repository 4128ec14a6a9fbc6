package io.prefstream.trainer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import ai.djl.Device;

import io.prefstream.trainer.model.GeneratedResponse;
import io.prefstream.trainer.model.LanguageModel;
import io.prefstream.trainer.model.ModelSpec;
import io.prefstream.trainer.model.ResponseSampler;
import io.prefstream.trainer.model.TokenPicker;

class TrainerBenchmarkTest {

    @Test
    void flopCountFollowsTheStatedFormula() {
        ModelSpec spec = new ModelSpec("custom", 100, 8, 2, 2, 32, 64);
        // per layer 4*8*8 + 2*8*32 = 768, two layers, plus the head 8*100
        assertThat(FlopCount.matmulWeights(spec)).isEqualTo(2 * 768 + 800);
        assertThat(FlopCount.trainingFlopsPerToken(spec, 10)).isEqualTo(6.0 * 2336 + 12.0 * 2 * 10 * 8);
    }

    @Test
    void cachedAndUncachedGreedySamplingAgree() {
        ModelSpec spec = ModelSpec.preset(ModelSpec.TINY, 64);
        try (LanguageModel model = LanguageModel.create(spec, Device.cpu(), 3)) {
            GenerationThroughput.suppressEos(model);
            List<int[]> contexts = GenerationThroughput.contexts(3, 8, new Random(5));
            TokenPicker greedy = new TokenPicker(0, 1.0);
            ResponseSampler sampler = new ResponseSampler(greedy, 24, 3);
            List<GeneratedResponse> cached = sampler.sample(model, contexts, new Random(1));
            List<GeneratedResponse> uncached = sampler.withoutCache().sample(model, contexts, new Random(1));
            for (int r = 0; r < contexts.size(); r++) {
                assertThat(cached.get(r).ids()).hasSize(24).containsExactly(uncached.get(r).ids());
            }
        }
    }

    @Test
    void smallRunReportsEveryFigureWithItsAnchor() throws Exception {
        TrainerBenchmark.Settings settings = new TrainerBenchmark.Settings(ModelSpec.TINY, 2, 16, 1, 2, 0, 64, 2,
                4, 16, false);
        List<Figure> figures = new TrainerBenchmark(settings).run();
        assertThat(figures).extracting(Figure::name).contains("training tokens/s", "training GFLOP/s",
                "generation tokens/s at 16 new tokens");
        Figure flops = figures.stream().filter(f -> f.name().equals("training GFLOP/s")).findFirst().orElseThrow();
        assertThat(flops.value()).isPositive();
        assertThat(flops.anchorValue()).isPositive();
        assertThat(flops.ratio()).isEqualTo(flops.value() / flops.anchorValue());
        Figure generation = figures.get(figures.size() - 1);
        assertThat(generation.value()).isPositive();
        assertThat(generation.anchorValue()).isPositive();
        assertThat(figures.get(0).anchor()).contains("skipped");
    }
}

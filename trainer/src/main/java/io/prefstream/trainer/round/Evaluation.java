package io.prefstream.trainer.round;

import java.util.List;
import java.util.Map;

/**
 * What evaluating a policy produced.
 *
 * @param metrics eval metrics under the {@code RoundReport.*_METRIC} names
 * @param samples the policy's responses to the first eval prompts, for people to read
 */
public record Evaluation(Map<String, Double> metrics, List<SampleGeneration> samples) {

    /** Copies the samples. */
    public Evaluation {
        samples = List.copyOf(samples);
    }
}

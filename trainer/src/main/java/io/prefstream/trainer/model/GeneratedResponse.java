package io.prefstream.trainer.model;

/**
 * One sampled response.
 *
 * @param ids the response's ids, without EOS
 * @param complete whether the model ended it with EOS (otherwise it hit the token limit)
 */
public record GeneratedResponse(int[] ids, boolean complete) {
}

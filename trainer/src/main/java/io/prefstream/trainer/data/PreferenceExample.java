package io.prefstream.trainer.data;

/**
 * One preference pair ready for training: the formatted prompt's ids and both scored sequences.
 *
 * @param id the record id
 * @param contentKey the record's content key, safe to log
 * @param promptIds the formatted prompt's ids, uncut
 * @param chosen {@code [BOS, prompt, chosen, EOS]} after truncation
 * @param rejected {@code [BOS, prompt, rejected, EOS]} after truncation
 */
public record PreferenceExample(String id, String contentKey, int[] promptIds, TokenizedSequence chosen,
        TokenizedSequence rejected) {
}

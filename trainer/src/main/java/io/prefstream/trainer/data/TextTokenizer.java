package io.prefstream.trainer.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Turns text into the ids of the model's vocabulary and back.
 *
 * <p>A tokenizer has {@code textVocabSize()} ids of its own, {@code 0..n-1}; the model vocabulary
 * adds the three {@link SpecialIds} after them. Prompt and response are encoded by separate calls
 * and joined by {@link SequenceEncoder}, so no token spans the seam between them.
 *
 * <p>Implementations that hold native memory release it in {@link #close()}; the caller that
 * opened the tokenizer closes it.
 */
public sealed interface TextTokenizer extends AutoCloseable permits ByteTokenizer, HuggingFaceTextTokenizer {

    /** Value of the {@code tokenizer} setting that selects {@link ByteTokenizer}. */
    String BYTE = "byte";

    /**
     * Opens the tokenizer a {@code tokenizer} setting names.
     *
     * @param setting {@value #BYTE}, or the path of a Hugging Face {@code tokenizer.json}
     * @throws IOException when the file cannot be read or is not a tokenizer
     */
    static TextTokenizer open(String setting) throws IOException {
        if (BYTE.equals(setting)) {
            return ByteTokenizer.INSTANCE;
        }
        return HuggingFaceTextTokenizer.open(Path.of(setting));
    }

    /** Returns the ids of the text, each in {@code 0..textVocabSize()-1}; no special id is added. */
    int[] encode(String text);

    /** Returns the text of the ids; special ids are skipped. */
    String decode(int[] ids);

    /** Returns the number of the tokenizer's own ids. */
    int textVocabSize();

    /** Returns the file the tokenizer was read from, if any. */
    Optional<Path> source();

    /** Returns the size of the model vocabulary: the tokenizer's ids plus the special ids. */
    default int vocabSize() {
        return textVocabSize() + SpecialIds.COUNT;
    }

    /** Returns the special ids, which follow the tokenizer's own. */
    default SpecialIds specials() {
        return SpecialIds.forVocabulary(vocabSize());
    }

    /** Releases native memory, if any. */
    @Override
    void close();
}

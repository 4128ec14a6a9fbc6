package io.prefstream.trainer.data;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Byte-level tokenizer: ids 0..255 are the UTF-8 bytes of the text, followed by three special ids.
 *
 * <p>Stateless and immutable; use {@link #INSTANCE}. Holds no native memory, so closing it does nothing.
 */
public final class ByteTokenizer implements TextTokenizer {

    /** The one instance. */
    public static final ByteTokenizer INSTANCE = new ByteTokenizer();

    /** Number of byte ids. */
    public static final int BYTE_COUNT = 256;

    /** Beginning-of-sequence id, always at position 0. */
    public static final int BOS = 256;

    /** End-of-sequence id, appended after a complete response. */
    public static final int EOS = 257;

    /** Padding id; never scored. */
    public static final int PAD = 258;

    /** Size of the vocabulary: 256 bytes plus BOS, EOS and PAD. */
    public static final int VOCAB_SIZE = 259;

    /** The special ids of the byte vocabulary. */
    public static final SpecialIds SPECIALS = new SpecialIds(BOS, EOS, PAD);

    private ByteTokenizer() {
    }

    /** Returns the UTF-8 bytes of the text as ids in 0..255. */
    @Override
    public int[] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ids[i] = bytes[i] & 0xFF;
        }
        return ids;
    }

    /** Decodes the byte ids to text, skipping special ids; invalid UTF-8 becomes U+FFFD. */
    @Override
    public String decode(int[] ids) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(ids.length);
        for (int id : ids) {
            if (isByte(id)) {
                bytes.write(id);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public int textVocabSize() {
        return BYTE_COUNT;
    }

    @Override
    public Optional<Path> source() {
        return Optional.empty();
    }

    @Override
    public void close() {
        // nothing to release: the byte tokenizer holds no native memory
    }

    /** Returns whether the id stands for a byte rather than a special token. */
    public static boolean isByte(int id) {
        return id >= 0 && id < BYTE_COUNT;
    }
}

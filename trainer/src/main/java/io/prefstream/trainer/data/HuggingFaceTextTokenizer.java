package io.prefstream.trainer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

/**
 * A Hugging Face {@code tokenizer.json} (WordLevel, BPE, WordPiece or Unigram), run by DJL's
 * bindings to the Rust {@code tokenizers} library.
 *
 * <p>The library's native code is inside the {@code ai.djl.huggingface:tokenizers} jar for
 * linux-x86_64 (and aarch64, macOS arm64, Windows x86_64); with {@code ai.djl.offline=true}, which
 * the launcher and the tests set, DJL takes the CPU build from the jar and never downloads one.
 *
 * <p>Texts are encoded without the tokenizer's own special tokens, truncation or padding: the
 * trainer adds its {@link SpecialIds} after the tokenizer's ids and cuts sequences itself. The
 * tokenizer's id count is one more than the largest id in its model vocabulary and added tokens.
 *
 * <p>Holds native memory: the caller closes it.
 */
public final class HuggingFaceTextTokenizer implements TextTokenizer {

    /** Options that turn off everything the trainer does itself. */
    private static final Map<String, String> OPTIONS = Map.of("addSpecialTokens", "false",
            "withOverflowingTokens", "false", "truncation", "false", "padding", "false");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HuggingFaceTokenizer tokenizer;
    private final Path source;
    private final String sha256;
    private final int textVocabSize;

    private HuggingFaceTextTokenizer(HuggingFaceTokenizer tokenizer, Path source, String sha256, int textVocabSize) {
        this.tokenizer = tokenizer;
        this.source = source;
        this.sha256 = sha256;
        this.textVocabSize = textVocabSize;
    }

    /**
     * Reads a {@code tokenizer.json}.
     *
     * @param file the tokenizer file
     * @throws IOException when the file cannot be read, holds no vocabulary, or the library rejects it
     */
    public static HuggingFaceTextTokenizer open(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        if (!Files.isRegularFile(absolute)) {
            throw new IOException("tokenizer file " + absolute + " does not exist or is not a file");
        }
        byte[] bytes = Files.readAllBytes(absolute);
        int size = textVocabSize(JSON.readTree(bytes), absolute);
        HuggingFaceTokenizer tokenizer;
        try {
            tokenizer = HuggingFaceTokenizer.newInstance(absolute, OPTIONS);
        } catch (RuntimeException e) {
            throw new IOException("cannot load tokenizer " + absolute, e);
        }
        return new HuggingFaceTextTokenizer(tokenizer, absolute, sha256(bytes), size);
    }

    @Override
    public int[] encode(String text) {
        Encoding encoding = tokenizer.encode(text, false, false);
        long[] ids = encoding.getIds();
        int[] result = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= textVocabSize) {
                throw new IllegalStateException("tokenizer " + source + " returned id " + ids[i] + " outside its "
                        + textVocabSize + " ids");
            }
            result[i] = (int) ids[i];
        }
        return result;
    }

    @Override
    public String decode(int[] ids) {
        long[] own = Arrays.stream(ids).filter(id -> id >= 0 && id < textVocabSize)
                .asLongStream().toArray();
        return tokenizer.decode(own, false);
    }

    @Override
    public int textVocabSize() {
        return textVocabSize;
    }

    @Override
    public Optional<Path> source() {
        return Optional.of(source);
    }

    /** Returns the SHA-256 of the tokenizer file, hex, which identifies the tokenizer in checkpoints. */
    public String sha256() {
        return sha256;
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    /**
     * Returns one more than the largest id in {@code model.vocab} (an object of token to id, or a
     * Unigram list of {@code [token, score]} pairs) and {@code added_tokens}.
     */
    static int textVocabSize(JsonNode root, Path file) throws IOException {
        JsonNode vocab = root == null ? null : root.path("model").get("vocab");
        if (vocab == null || vocab.isEmpty()) {
            throw new IOException("tokenizer file " + file + " has no model.vocab");
        }
        long largest = -1;
        if (vocab.isArray()) {
            largest = vocab.size() - 1;
        } else {
            for (JsonNode id : vocab) {
                largest = Math.max(largest, id.asLong(-1));
            }
        }
        for (JsonNode added : root.path("added_tokens")) {
            largest = Math.max(largest, added.path("id").asLong(-1));
        }
        if (largest < 0 || largest >= Integer.MAX_VALUE - SpecialIds.COUNT) {
            throw new IOException("tokenizer file " + file + " has no usable ids (largest " + largest + ")");
        }
        return (int) largest + 1;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }
}

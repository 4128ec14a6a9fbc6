package io.prefstream.trainer.checkpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prefstream.trainer.app.JsonFiles;
import io.prefstream.trainer.data.ByteTokenizer;
import io.prefstream.trainer.data.HuggingFaceTextTokenizer;
import io.prefstream.trainer.data.PromptFormat;
import io.prefstream.trainer.data.SpecialIds;
import io.prefstream.trainer.data.TextTokenizer;

/**
 * The {@code tokenizer.json} of a checkpoint: enough to turn text into the model's ids without this code.
 *
 * <p>Byte-level: ids {@code 0..255} are the UTF-8 bytes of the text; the special ids follow.
 * Hugging Face: the tokenizer file's SHA-256 identifies it (the file itself is copied in as
 * {@link CheckpointLayout#TOKENIZER_SOURCE}); its ids come first, the special ids follow. Prompts
 * are wrapped in the HH template before encoding, so its markers are recorded too. A run resumes
 * only from checkpoints whose description equals its own, byte for byte.
 */
public final class TokenizerDescription {

    /** Value of the {@code type} field for the byte tokenizer. */
    public static final String TYPE = "byte-level";

    /** Value of the {@code type} field for a Hugging Face tokenizer. */
    public static final String HUGGING_FACE_TYPE = "huggingface";

    /** Field holding the model vocabulary size, special ids included. */
    public static final String VOCAB_SIZE = "vocab_size";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TokenizerDescription() {
    }

    /** Returns the description of the byte tokenizer as JSON bytes, identical on every call. */
    public static byte[] json() throws IOException {
        return json(ByteTokenizer.INSTANCE);
    }

    /** Returns the description of a tokenizer as JSON bytes, identical on every call for the same tokenizer. */
    public static byte[] json(TextTokenizer tokenizer) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        if (tokenizer instanceof HuggingFaceTextTokenizer huggingFace) {
            node.put("type", HUGGING_FACE_TYPE);
            node.put("sha256", huggingFace.sha256());
            node.put("text_ids", huggingFace.textVocabSize());
        } else {
            node.put("type", TYPE);
            node.put("encoding", "UTF-8");
            node.put("byte_ids", ByteTokenizer.BYTE_COUNT);
        }
        node.put(VOCAB_SIZE, tokenizer.vocabSize());
        SpecialIds specials = tokenizer.specials();
        ObjectNode special = node.putObject("special_ids");
        special.put("bos", specials.bos());
        special.put("eos", specials.eos());
        special.put("pad", specials.pad());
        ObjectNode prompt = node.putObject("prompt_format");
        prompt.put("human", PromptFormat.HUMAN);
        prompt.put("assistant", PromptFormat.ASSISTANT);
        return (JSON.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Returns the model vocabulary size a checkpoint directory's {@code tokenizer.json} records; a
     * checkpoint from before the file existed used the byte tokenizer.
     */
    public static int vocabSize(Path checkpointDirectory) throws IOException {
        Path file = checkpointDirectory.resolve(CheckpointLayout.TOKENIZER);
        if (!Files.exists(file)) {
            return ByteTokenizer.VOCAB_SIZE;
        }
        JsonNode size = JsonFiles.readTree(JSON, file, "tokenizer description").get(VOCAB_SIZE);
        if (size == null || !size.canConvertToInt()) {
            throw new IOException("tokenizer description " + file + " has no '" + VOCAB_SIZE + "'");
        }
        return size.asInt();
    }
}

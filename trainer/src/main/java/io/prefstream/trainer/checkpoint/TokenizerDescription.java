package io.prefstream.trainer.checkpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prefstream.trainer.data.ByteTokenizer;
import io.prefstream.trainer.data.PromptFormat;

/**
 * The {@code tokenizer.json} of a checkpoint: enough to turn text into the model's ids without this code.
 *
 * <p>Ids {@code 0..255} are the UTF-8 bytes of the text; the special ids follow. Prompts are
 * wrapped in the HH template before encoding, so its markers are recorded too.
 */
public final class TokenizerDescription {

    /** Value of the {@code type} field. */
    public static final String TYPE = "byte-level";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TokenizerDescription() {
    }

    /** Returns the description of {@link ByteTokenizer} as JSON bytes, identical on every call. */
    public static byte[] json() throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", TYPE);
        node.put("encoding", "UTF-8");
        node.put("byte_ids", ByteTokenizer.BYTE_COUNT);
        node.put("vocab_size", ByteTokenizer.VOCAB_SIZE);
        ObjectNode special = node.putObject("special_ids");
        special.put("bos", ByteTokenizer.BOS);
        special.put("eos", ByteTokenizer.EOS);
        special.put("pad", ByteTokenizer.PAD);
        ObjectNode prompt = node.putObject("prompt_format");
        prompt.put("human", PromptFormat.HUMAN);
        prompt.put("assistant", PromptFormat.ASSISTANT);
        return (JSON.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}

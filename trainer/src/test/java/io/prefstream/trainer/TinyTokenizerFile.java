package io.prefstream.trainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prefstream.schemas.v1.PreferenceRecord;
import io.prefstream.trainer.data.PromptFormat;

/**
 * Writes small Hugging Face {@code tokenizer.json} files for tests: a WordLevel model over a given
 * word list behind the Whitespace pre-tokenizer, with {@code [UNK]} as id 0.
 */
public final class TinyTokenizerFile {

    /** The unknown token, id 0. */
    public static final String UNKNOWN = "[UNK]";

    /** The pieces the Whitespace pre-tokenizer splits ASCII text into. */
    private static final Pattern PIECES = Pattern.compile("\\w+|[^\\w\\s]+");

    private TinyTokenizerFile() {
    }

    /** Writes a tokenizer whose ids are {@code [UNK]} then the words in the given order; returns the file. */
    public static Path write(Path file, List<String> words) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        ObjectNode unknown = added.addObject();
        unknown.put("id", 0);
        unknown.put("content", UNKNOWN);
        unknown.put("single_word", false);
        unknown.put("lstrip", false);
        unknown.put("rstrip", false);
        unknown.put("normalized", false);
        unknown.put("special", true);
        root.putNull("normalizer");
        root.putObject("pre_tokenizer").put("type", "Whitespace");
        root.putNull("post_processor");
        root.putNull("decoder");
        ObjectNode model = root.putObject("model");
        model.put("type", "WordLevel");
        ObjectNode vocab = model.putObject("vocab");
        vocab.put(UNKNOWN, 0);
        for (String word : words) {
            vocab.put(word, vocab.size());
        }
        model.put("unk_token", UNKNOWN);
        Files.writeString(file, json.writeValueAsString(root));
        return file;
    }

    /** Returns the sorted pieces of every prompt (as formatted) and response of the records. */
    public static List<String> wordsOf(Collection<PreferenceRecord> records) {
        TreeSet<String> words = new TreeSet<>();
        for (PreferenceRecord record : records) {
            for (String text : List.of(PromptFormat.format(record.getPrompt()), record.getChosen(),
                    record.getRejected())) {
                Matcher matcher = PIECES.matcher(text);
                while (matcher.find()) {
                    words.add(matcher.group());
                }
            }
        }
        return List.copyOf(words);
    }
}

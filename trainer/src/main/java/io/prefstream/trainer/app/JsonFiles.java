package io.prefstream.trainer.app;

import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the trainer's JSON files (config, checkpoint reports, lineage, tokenizer descriptions,
 * the judge cache) so that a damaged one is reported by name: Jackson's own message gives a line
 * and column but, with the source redacted, not the file, and a checkpoint root holds several
 * such files per round.
 */
public final class JsonFiles {

    private JsonFiles() {
    }

    /**
     * Reads a file as a tree.
     *
     * @param what what the file is, for the message, for example {@code checkpoint report}
     * @throws IOException naming the file when it cannot be read or is not valid JSON
     */
    public static JsonNode readTree(ObjectMapper json, Path file, String what) throws IOException {
        try {
            return json.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw notJson(file, what, e);
        }
    }

    /**
     * Reads a file as a value of the given type.
     *
     * @param what what the file is, for the message, for example {@code checkpoint lineage}
     * @throws IOException naming the file when it cannot be read or does not hold the type
     */
    public static <T> T readValue(ObjectMapper json, Path file, Class<T> type, String what) throws IOException {
        try {
            return json.readValue(file.toFile(), type);
        } catch (JsonProcessingException e) {
            throw notJson(file, what, e);
        }
    }

    private static IOException notJson(Path file, String what, JsonProcessingException e) {
        return new IOException(what + " " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
}

package io.prefstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prefstream.trainer.TinyTokenizerFile;
import io.prefstream.trainer.checkpoint.TokenizerDescription;

class HuggingFaceTextTokenizerTest {

    /** Ids 1..7; [UNK] is 0. */
    private static final List<String> WORDS = List.of("the", "capital", "is", "Paris", ".", "Rome", "Human");

    private static HuggingFaceTextTokenizer open(Path directory) throws IOException {
        return HuggingFaceTextTokenizer.open(TinyTokenizerFile.write(directory.resolve("tokenizer.json"), WORDS));
    }

    @Test
    void shouldEncodeWordsToTheFileIdsAndDecodeThemBack(@TempDir Path directory) throws IOException {
        try (HuggingFaceTextTokenizer tokenizer = open(directory)) {
            int[] ids = tokenizer.encode("the capital is Paris.");

            assertThat(ids).containsExactly(1, 2, 3, 4, 5);
            assertThat(tokenizer.decode(ids)).isEqualTo("the capital is Paris .");
            assertThat(tokenizer.encode(tokenizer.decode(ids))).containsExactly(ids);
        }
    }

    @Test
    void shouldMapUnknownWordsToTheUnknownTokenAndSkipSpecialIdsWhenDecoding(@TempDir Path directory)
            throws IOException {
        try (HuggingFaceTextTokenizer tokenizer = open(directory)) {
            SpecialIds specials = tokenizer.specials();

            assertThat(tokenizer.encode("the capital is Oslo")).containsExactly(1, 2, 3, 0);
            assertThat(tokenizer.decode(new int[] {specials.bos(), 6, specials.eos(), specials.pad()}))
                    .isEqualTo("Rome");
        }
    }

    @Test
    void shouldPlaceTheSpecialIdsAfterItsOwnIds(@TempDir Path directory) throws IOException {
        try (HuggingFaceTextTokenizer tokenizer = open(directory)) {
            assertThat(tokenizer.textVocabSize()).isEqualTo(8);
            assertThat(tokenizer.vocabSize()).isEqualTo(11);
            assertThat(tokenizer.specials()).isEqualTo(new SpecialIds(8, 9, 10));
        }
    }

    @Test
    void shouldTokenisePromptAndResponseSeparatelyAndJoinThem(@TempDir Path directory) throws IOException {
        try (HuggingFaceTextTokenizer tokenizer = open(directory)) {
            TokenizedSequence sequence = new SequenceEncoder(32, 8, tokenizer).encode("the capital is", "Paris");

            // one call on the joined text would read "isParis" as a single unknown word
            assertThat(tokenizer.encode("the capital is" + "Paris")).containsExactly(1, 2, 0);
            assertThat(sequence.tokens()).containsExactly(8, 1, 2, 3, 4, 9);
            assertThat(sequence.responseStart()).isEqualTo(4);
            assertThat(sequence.responseIds()).containsExactly(4);
        }
    }

    @Test
    void shouldDescribeItselfByTheFileHashAndVocabularySize(@TempDir Path directory) throws IOException {
        try (HuggingFaceTextTokenizer tokenizer = open(directory)) {
            JsonNode description = new ObjectMapper().readTree(TokenizerDescription.json(tokenizer));

            assertThat(description.get("type").asText()).isEqualTo(TokenizerDescription.HUGGING_FACE_TYPE);
            assertThat(description.get("sha256").asText()).isEqualTo(tokenizer.sha256()).hasSize(64);
            assertThat(description.get(TokenizerDescription.VOCAB_SIZE).asInt()).isEqualTo(11);
            assertThat(description.get("special_ids").get("eos").asInt()).isEqualTo(9);
        }
    }

    @Test
    void shouldCountAddedTokensBeyondTheModelVocabulary(@TempDir Path directory) throws IOException {
        Path file = TinyTokenizerFile.write(directory.resolve("tokenizer.json"), WORDS);
        Files.writeString(file, Files.readString(file).replace("\"added_tokens\":[", "\"added_tokens\":[{\"id\":11,"
                + "\"content\":\"<extra>\",\"single_word\":false,\"lstrip\":false,\"rstrip\":false,"
                + "\"normalized\":false,\"special\":true},"));

        try (HuggingFaceTextTokenizer tokenizer = HuggingFaceTextTokenizer.open(file)) {
            assertThat(tokenizer.textVocabSize()).isEqualTo(12);
        }
    }

    @Test
    void shouldRefuseAFileWithoutAVocabulary(@TempDir Path directory) throws IOException {
        Path file = Files.writeString(directory.resolve("tokenizer.json"), "{\"model\": {\"type\": \"WordLevel\"}}");

        assertThatThrownBy(() -> HuggingFaceTextTokenizer.open(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("model.vocab");
        assertThatThrownBy(() -> TextTokenizer.open(directory.resolve("missing.json").toString()))
                .isInstanceOf(IOException.class).hasMessageContaining("missing.json");
    }
}

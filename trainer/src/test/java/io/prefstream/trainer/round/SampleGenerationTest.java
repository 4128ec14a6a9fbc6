package io.prefstream.trainer.round;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SampleGenerationTest {

    @Test
    void shouldKeepTheEndOfALongPromptAndMarkTheCut() {
        String prompt = "x".repeat(500) + "\n\nHuman: last question\n\nAssistant:";

        SampleGeneration sample = SampleGeneration.of(prompt, " answer", true);

        assertThat(sample.prompt()).startsWith(SampleGeneration.CUT).endsWith("last question\n\nAssistant:")
                .hasSize(SampleGeneration.PROMPT_DISPLAY_CHARS + SampleGeneration.CUT.length());
        assertThat(sample.response()).isEqualTo(" answer");
    }

    @Test
    void shouldKeepAShortPromptWhole() {
        assertThat(SampleGeneration.of("short", "", false).prompt()).isEqualTo("short");
    }

    @Test
    void shouldNotSplitASurrogatePairWhenCutting() {
        String text = "\uD83D\uDE00".repeat(5);

        String tail = SampleGeneration.tail(text, 3);

        assertThat(tail).isEqualTo(SampleGeneration.CUT + "\uD83D\uDE00");
    }
}

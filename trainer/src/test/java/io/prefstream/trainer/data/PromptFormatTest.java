package io.prefstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromptFormatTest {

    @Test
    void shouldWrapPlainPromptInHhTemplate() {
        assertThat(PromptFormat.format("Hi there")).isEqualTo("\n\nHuman: Hi there\n\nAssistant:");
    }

    @Test
    void shouldKeepPromptThatAlreadyHasHhMarkers() {
        String prompt = "\n\nHuman: one\n\nAssistant: two\n\nHuman: three\n\nAssistant:";

        assertThat(PromptFormat.format(prompt)).isSameAs(prompt);
    }
}

package io.prefstream.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prefstream.schemas.v1.ChatMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The project prompt template. */
class PromptTemplateTest {

    @Test
    void shouldRenderEachRoleWithItsLabelAndEndWithAssistantMarker() {
        final List<ChatMessage> messages = List.of(new ChatMessage("system", "Be brief."),
                new ChatMessage("user", "Hi"), new ChatMessage("assistant", "Hello."), new ChatMessage("user", "Bye"));

        assertThat(PromptTemplate.render(messages))
                .isEqualTo("\n\nSystem: Be brief.\n\nHuman: Hi\n\nAssistant: Hello.\n\nHuman: Bye\n\nAssistant:");
    }

    @Test
    void shouldRejectUnknownRole() {
        assertThatThrownBy(() -> PromptTemplate.render(List.of(new ChatMessage("tool", "x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tool");
    }

    @Test
    void shouldRenderFirstContinuationMessageBareAndLaterOnesAsTurns() {
        final List<ChatMessage> tail = List.of(new ChatMessage("assistant", "Yes."),
                new ChatMessage("user", "Sure?"), new ChatMessage("assistant", "Quite."));

        assertThat(PromptTemplate.renderContinuation(tail)).isEqualTo("Yes.\n\nHuman: Sure?\n\nAssistant: Quite.");
        assertThat(PromptTemplate.renderContinuation(tail.subList(0, 1))).isEqualTo("Yes.");
    }

    @Test
    void shouldWrapPlainPromptInHumanAndAssistantMarkers() {
        assertThat(PromptTemplate.wrapPlain("What is 2+2?")).isEqualTo("\n\nHuman: What is 2+2?\n\nAssistant:");
    }

    @Test
    void shouldLeaveAlreadyTemplatedPromptUnchanged() {
        final String prompt = "\n\nHuman: What is 2+2?\n\nAssistant:";

        assertThat(PromptTemplate.wrapPlain(prompt)).isSameAs(prompt);
    }

    @Test
    void shouldWrapPromptWhoseHumanLabelLacksTheBlankLine() {
        assertThat(PromptTemplate.wrapPlain("Human: hi")).isEqualTo("\n\nHuman: Human: hi\n\nAssistant:");
    }
}

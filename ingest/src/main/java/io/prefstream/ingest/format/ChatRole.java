package io.prefstream.ingest.format;

import java.util.Locale;
import java.util.Optional;

/** The chat roles the project knows, with the label the prompt template writes for each. */
enum ChatRole {
    SYSTEM("system", "System"),
    USER("user", "Human"),
    ASSISTANT("assistant", "Assistant");

    private final String wireName;
    private final String label;

    ChatRole(final String wireName, final String label) {
        this.wireName = wireName;
        this.label = label;
    }

    /** Returns the role as stored in a chat message: system, user or assistant. */
    String wireName() {
        return wireName;
    }

    /** Returns the speaker label of the project template. */
    String label() {
        return label;
    }

    /** Returns the role for a message role name, ignoring case, or empty for an unknown one. */
    static Optional<ChatRole> parse(final String name) {
        final String lower = name.toLowerCase(Locale.ROOT);
        for (final ChatRole role : values()) {
            if (role.wireName.equals(lower)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}

package dev.keel.providers;

import java.util.Objects;

/** One turn of a conversation sent to a provider. The system block travels apart, in {@link ProviderCall#system()}. */
public record ChatTurn(Role role, String content) {

    /** Who said it; the wire names are {@code user} and {@code assistant} for both providers. */
    public enum Role {
        USER("user"), ASSISTANT("assistant");

        private final String wireName;

        Role(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public ChatTurn {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    public static ChatTurn user(String content) {
        return new ChatTurn(Role.USER, content);
    }

    public static ChatTurn assistant(String content) {
        return new ChatTurn(Role.ASSISTANT, content);
    }

    /** Prompt text never goes into a log line, so it is left out of the string form. */
    @Override
    public String toString() {
        return "ChatTurn[role=" + role.wireName + ", chars=" + content.length() + "]";
    }
}

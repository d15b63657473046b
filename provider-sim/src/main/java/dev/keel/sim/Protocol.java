package dev.keel.sim;

/** The two wire protocols the simulator speaks on one port. */
public enum Protocol {
    /** OpenAI Chat Completions: {@code POST /v1/chat/completions}. */
    OPENAI,
    /** Anthropic Messages API: {@code POST /v1/messages}. */
    ANTHROPIC
}

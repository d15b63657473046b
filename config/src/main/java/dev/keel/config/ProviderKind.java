package dev.keel.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** The wire protocol a provider speaks. */
public enum ProviderKind {
    /** OpenAI Chat Completions, or any compatible server (Azure, vLLM, Ollama, OpenRouter, LiteLLM). */
    OPENAI("openai", "https://api.openai.com/v1"),
    /** Anthropic Messages API. */
    ANTHROPIC("anthropic", "https://api.anthropic.com");

    private final String id;
    private final String defaultBaseUrl;

    ProviderKind(String id, String defaultBaseUrl) {
        this.id = id;
        this.defaultBaseUrl = defaultBaseUrl;
    }

    @JsonValue
    public String id() {
        return id;
    }

    public String defaultBaseUrl() {
        return defaultBaseUrl;
    }
}

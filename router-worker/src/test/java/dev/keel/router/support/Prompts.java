package dev.keel.router.support;

import dev.keel.config.ModelPrice;
import dev.keel.config.ProviderConfig;
import dev.keel.config.ProviderKind;
import dev.keel.config.ProvidersConfig;
import dev.keel.router.cache.CacheKeys;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.MessageRole;
import dev.keel.schemas.PromptRequest;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Requests and providers for tests. */
public final class Prompts {

    /** The cache key recipe of {@link #openai()} as primary: what tests build keys with. */
    public static final CacheKeys KEYS = CacheKeys.forProviders(new ProvidersConfig(openai(), null));

    private Prompts() {
    }

    public static ChatMessage user(String content) {
        return new ChatMessage(MessageRole.user, content);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage(MessageRole.assistant, content);
    }

    public static PromptRequest.Builder request(String tenant, String system, List<ChatMessage> messages) {
        return PromptRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setTenantId(tenant)
                .setFeature("summarize")
                .setSystem(system)
                .setMessages(messages)
                .setAttributes(Map.of());
    }

    public static PromptRequest ask(String tenant, String question) {
        return request(tenant, null, List.of(user(question))).build();
    }

    /** An OpenAI provider with round prices (USD per million): model in 1 / out 2, cheaper in 0.1 / out 0.2. */
    public static ProviderConfig openai() {
        return provider(ProviderKind.OPENAI, "gpt-4o-mini", "gpt-4.1-nano",
                price("1", "2"), price("0.1", "0.2"));
    }

    public static ProviderConfig provider(ProviderKind kind, String model, String cheaperModel, ModelPrice modelPrice,
                                          ModelPrice cheaperPrice) {
        Map<String, ModelPrice> prices = cheaperModel == null ? Map.of(model, modelPrice)
                : Map.of(model, modelPrice, cheaperModel, cheaperPrice);
        return new ProviderConfig(kind, null, null, model, cheaperModel, prices, null, null, null, null);
    }

    public static ModelPrice price(String input, String output) {
        return new ModelPrice(new BigDecimal(input), new BigDecimal(output), null, null, null);
    }

    /** A text of exactly {@code n} words "w0 w1 …": a predictable token count (one word ≈ one or two tokens). */
    public static String words(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append("word").append(i);
        }
        return sb.toString();
    }
}

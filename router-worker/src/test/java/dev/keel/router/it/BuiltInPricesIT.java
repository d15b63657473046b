package dev.keel.router.it;

import dev.keel.config.BuiltInPrices;
import dev.keel.config.CacheConfig;
import dev.keel.config.ConfigLoader;
import dev.keel.config.KeelConfig;
import dev.keel.config.ModelPrice;
import dev.keel.config.Secret;
import dev.keel.schemas.CacheOutcome;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.MessageRole;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;
import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.KafkaBrokerExtension;
import dev.keel.testsupport.RedisSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new user's minimal provider config (kind, base-url, api-key, model; no prices) starts, is charged at the
 * built-in table's prices, and a model changed in the config misses the cache (shared in Redis) instead of
 * serving the old model's answers.
 */
@ExtendWith(KafkaBrokerExtension.class)
class BuiltInPricesIT {

    private static final String PROMPT = "Which plan fits a team of five?";

    private static KeelConfig minimal(WorkerStack stack, String model, String cachePrefix) {
        KeelConfig parsed = new ConfigLoader(Map.of()).parse("""
                providers:
                  primary: {kind: openai, base-url: "%s", api-key: sk-test-minimal, model: %s}
                """.formatted(stack.primary.openAiBaseUrl(), model), "keel.yaml", Path.of("."));
        return stack.config.withProviders(parsed.providers()).withCache(new CacheConfig(true, Secret.of(RedisSupport.uri()),
                Duration.ofHours(1), Duration.ofHours(1), Duration.ofSeconds(1), null, cachePrefix, Duration.ofSeconds(2)));
    }

    private static PromptResult ask(WorkerStack stack, String id) {
        stack.send(PromptRequest.newBuilder(WorkerStack.request(id)).setMessages(List.of(new ChatMessage(MessageRole.user, PROMPT))).build());
        stack.flush();
        stack.awaitResults(List.of(id), Duration.ofSeconds(30));
        return stack.results.get(id).getFirst();
    }

    private static double builtInCost(String model, PromptResult r) {
        ModelPrice price = BuiltInPrices.DEFAULT.find(model).orElseThrow();
        return price.input().multiply(BigDecimal.valueOf(r.getInputTokens()))
                .add(price.cachedInput().multiply(BigDecimal.valueOf(r.getCacheReadTokens())))
                .add(price.output().multiply(BigDecimal.valueOf(r.getOutputTokens())))
                .divide(BigDecimal.valueOf(1_000_000)).setScale(8, RoundingMode.HALF_UP).doubleValue();
    }

    @Test
    void shouldChargeBuiltInPricesAndMissTheCacheWhenThePrimaryModelChanges(KafkaBroker broker) throws Exception {
        String prefix = RedisSupport.uniquePrefix("prices-it");
        try (WorkerStack stack = WorkerStack.start(broker)) {
            // Given: a worker on the minimal config with gpt-4o-mini
            var first = dev.keel.router.RouterWorker.start(minimal(stack, "gpt-4o-mini", prefix).withWorker(stack.config.worker().withId("mini")),
                    dev.keel.router.RouterWorker.Options.defaults());
            PromptResult answered;
            PromptResult repeated;
            try (first) {
                answered = ask(stack, "prices-1");
                repeated = ask(stack, "prices-2");
            }

            // When: the config names another model for the primary
            PromptResult afterChange;
            try (var second = dev.keel.router.RouterWorker.start(minimal(stack, "gpt-4.1-mini", prefix)
                    .withWorker(stack.config.worker().withId("4-1-mini")), dev.keel.router.RouterWorker.Options.defaults())) {
                afterChange = ask(stack, "prices-3");
            }

            // Then
            assertThat(answered.getStatus()).isEqualTo(ResultStatus.SUCCESS);
            assertThat(answered.getCache()).isEqualTo(CacheOutcome.MISS);
            assertThat(answered.getCostUsd()).isPositive().isEqualTo(builtInCost("gpt-4o-mini", answered));
            assertThat(repeated.getCache()).isEqualTo(CacheOutcome.HIT);
            assertThat(afterChange.getCache()).isEqualTo(CacheOutcome.MISS);
            assertThat(afterChange.getModel()).isEqualTo("gpt-4.1-mini");
            assertThat(afterChange.getCostUsd()).isEqualTo(builtInCost("gpt-4.1-mini", afterChange));
        }
    }
}

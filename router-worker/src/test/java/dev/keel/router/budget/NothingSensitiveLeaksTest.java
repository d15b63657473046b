package dev.keel.router.budget;

import dev.keel.config.BudgetConfig;
import dev.keel.config.BudgetPeriod;
import dev.keel.config.CacheConfig;
import dev.keel.config.ModelPrice;
import dev.keel.config.ProviderConfig;
import dev.keel.config.ProviderKind;
import dev.keel.config.Secret;
import dev.keel.config.TenantBudget;
import dev.keel.router.cache.CacheKey;
import dev.keel.router.cache.CacheKey;
import dev.keel.router.cache.CachedResponse;
import dev.keel.router.cache.ModelClass;
import dev.keel.router.cache.ResponseCache;
import dev.keel.router.cache.ResponseCaches;
import dev.keel.router.support.LogCapture;
import dev.keel.router.support.Prompts;
import dev.keel.schemas.PromptRequest;
import dev.keel.testbase.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.keel.router.support.Prompts.assistant;
import static dev.keel.router.support.Prompts.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prompt text, answers and API keys never reach a log line (even at DEBUG), a cache key, an admission's
 * printed form, a rejection message or a metric — on every path: fit, degraded, cached, rejected, stale.
 */
class NothingSensitiveLeaksTest {

    private static final String SECRET_PROMPT = "PROMPT-CANARY-7d1f the launch date of project nightingale";
    private static final String SECRET_SYSTEM = "SYSTEM-CANARY-93ab internal policy";
    private static final String SECRET_ANSWER = "ANSWER-CANARY-44c2";
    private static final String API_KEY = "sk-live-KEY-CANARY-0f9e";

    private final MutableClock clock = MutableClock.at("2025-03-14T12:00:00Z");
    private final MeterRegistry meters = new SimpleMeterRegistry();

    private static ProviderConfig provider(String outputPerMillion) {
        ModelPrice price = Prompts.price("1", outputPerMillion);
        return new ProviderConfig(ProviderKind.OPENAI, null, Secret.of(API_KEY), "gpt-4o-mini", "gpt-4.1-nano",
                Map.of("gpt-4o-mini", price, "gpt-4.1-nano", price), null, null, null, null);
    }

    @Test
    void shouldNeverLogOrPrintPromptsAnswersOrKeysWhenRequestsTakeEveryPath() {
        List<String> printed = new ArrayList<>();
        try (LogCapture logs = new LogCapture()) {
            // Given
            BudgetConfig config = new BudgetConfig(new BigDecimal("0.05"), 400, null, 100, null,
                    Map.of("acme", new TenantBudget(BudgetPeriod.DAY, new BigDecimal("0.01"))), null, null);
            CacheConfig cacheConfig = new CacheConfig(true, null, Duration.ofMinutes(1), Duration.ofHours(1), null, null, null, null);
            try (BudgetLedger ledger = BudgetLedgers.create(config, cacheConfig, clock, meters);
                 ResponseCache cache = ResponseCaches.create(cacheConfig, clock, meters)) {
                BudgetGate gate = new BudgetGate(config, new TokenCounter(), ledger, clock, meters);
                PromptRequest fits = Prompts.request("acme", SECRET_SYSTEM, List.of(user(SECRET_PROMPT))).build();
                PromptRequest tooLong = Prompts.request("acme", SECRET_SYSTEM, List.of(user(SECRET_PROMPT + Prompts.words(500)),
                        assistant(SECRET_ANSWER), user(SECRET_PROMPT))).build();
                PromptRequest tooDear = Prompts.request("acme", SECRET_SYSTEM, List.of(user(SECRET_PROMPT)))
                        .setMaxOutputTokens(4_000).build();

                // When every path is taken
                for (PromptRequest request : List.of(fits, tooLong, tooDear)) {
                    Admission admission = gate.admit(request, "primary", provider("2"));
                    printed.add(admission.toString());
                    if (admission instanceof Admission.Proceed p) {
                        CacheKey key = Prompts.KEYS.of(request, p.system(), p.messages(), p.modelClass(), p.maxOutputTokens());
                        cache.put(key, new CachedResponse("primary", p.model(), SECRET_ANSWER, 10, 2, clock.millis()));
                        printed.add(String.valueOf(cache.get(key)));
                        ledger.settle(p.reservation(), new BigDecimal("0.001"));
                    } else if (admission instanceof Admission.UseCache u) {
                        printed.add(gate.rejectWithoutCache(u).toString());
                    }
                }
                CacheKey key = Prompts.KEYS.of(fits, ModelClass.STANDARD, 100);
                clock.advance(Duration.ofMinutes(2));
                printed.add(String.valueOf(cache.get(key)));
                cache.recordStaleServe(key);
                printed.add(key.toString());
                printed.add(gate.admit(fits, "primary", provider("100000")).toString());
            }

            // Then
            String everything = logs.text() + "\n" + String.join("\n", printed) + "\n" + meters.getMeters().stream()
                    .map(m -> m.getId().toString()).reduce("", String::concat);
            assertThat(everything).contains("acme").doesNotContain("PROMPT-CANARY", "SYSTEM-CANARY", "ANSWER-CANARY", "KEY-CANARY",
                    "nightingale");
        }
    }
}

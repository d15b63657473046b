package dev.keel.router.it;

import dev.keel.config.BudgetConfig;
import dev.keel.config.BudgetPeriod;
import dev.keel.config.CacheConfig;
import dev.keel.config.KeelConfig;
import dev.keel.config.ModelPrice;
import dev.keel.config.ProviderConfig;
import dev.keel.config.ProvidersConfig;
import dev.keel.config.Secret;
import dev.keel.config.TenantBudget;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** Budget guardrails and the response cache through a real worker, with the ledger and the cache in the real Redis. */
@ExtendWith(KafkaBrokerExtension.class)
class BudgetAndCacheIT {

    /** One request's worst case: ~20 input tokens at $1/M + 24 output tokens at $100/M, about $0.0024. */
    private static final BigDecimal TENANT_LIMIT = new BigDecimal("0.12");
    private static final BigDecimal ONE_ESTIMATE_BOUND = new BigDecimal("0.0030");

    private static UnaryOperator<KeelConfig> withRedis(Duration ttl, UnaryOperator<KeelConfig> more) {
        return config -> more.apply(config.withCache(new CacheConfig(true, Secret.of(RedisSupport.uri()), ttl, Duration.ofHours(1),
                Duration.ofSeconds(1), null, RedisSupport.uniquePrefix("it"), Duration.ofSeconds(2))));
    }

    private static PromptRequest prompt(String id, String tenant, String text) {
        return PromptRequest.newBuilder(WorkerStack.request(id)).setTenantId(tenant)
                .setMessages(List.of(new ChatMessage(MessageRole.user, text))).build();
    }

    @Test
    void shouldNeverLetABurstOverspendATenantBudget(KafkaBroker broker) throws Exception {
        UnaryOperator<KeelConfig> pricey = config -> {
            ProvidersConfig p = config.providers();
            ProviderConfig primary = p.primary();
            return config.withProviders(new ProvidersConfig(new ProviderConfig(primary.kind(), primary.baseUrl(), null, primary.model(), null,
                    Map.of(primary.model(), ModelPrice.of(1.0, 100.0)), null, null, null, null), null))
                    .withBudget(new BudgetConfig(null, null, null, null, null,
                            Map.of("burst", new TenantBudget(BudgetPeriod.DAY, TENANT_LIMIT)), null, null));
        };
        try (WorkerStack stack = WorkerStack.start(broker, WorkerStack.FAST, withRedis(Duration.ofHours(1), pricey))) {
            // Given
            stack.startWorker("budget");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String id = "burst-" + i;
                ids.add(id);
                stack.send(prompt(id, "burst", "Summarize ticket " + i + " for the weekly report."));
            }
            stack.flush();

            // When
            stack.awaitResults(ids, Duration.ofSeconds(60));

            // Then: what was spent stays within the budget plus one request's estimate
            List<PromptResult> results = stack.firstResults(ids);
            BigDecimal spent = results.stream().map(r -> BigDecimal.valueOf(r.getCostUsd())).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(spent).isLessThanOrEqualTo(TENANT_LIMIT.add(ONE_ESTIMATE_BOUND));
            List<PromptResult> rejected = results.stream().filter(r -> r.getStatus() == ResultStatus.REJECTED).toList();
            assertThat(rejected).isNotEmpty().allSatisfy(r -> {
                assertThat(r.getError().getCode()).isEqualTo("BUDGET_TENANT_BUDGET");
                assertThat(r.getError().getMessage()).contains("budget.tenants", "$0.12");
            });
            assertThat(results).filteredOn(r -> r.getStatus() == ResultStatus.SUCCESS).hasSizeGreaterThanOrEqualTo(45);
        }
    }

    @Test
    void shouldAnswerARepeatFromRedisAndNeverAcrossTenants(KafkaBroker broker) throws Exception {
        try (WorkerStack stack = WorkerStack.start(broker, WorkerStack.FAST, withRedis(Duration.ofHours(1), c -> c))) {
            stack.startWorker("cache");
            String text = "What does our refund policy say about annual plans?";

            stack.send(prompt("a-1", "acme", text));
            stack.flush();
            stack.awaitResults(List.of("a-1"), Duration.ofSeconds(30));
            stack.send(prompt("g-1", "globex", text));
            stack.flush();
            stack.awaitResults(List.of("g-1"), Duration.ofSeconds(30));
            stack.send(prompt("a-2", "acme", "What does our   refund policy say about annual plans?\n\n"));
            stack.flush();
            stack.awaitResults(List.of("a-2"), Duration.ofSeconds(30));

            assertThat(stack.results.get("a-1").getFirst().getCache()).isEqualTo(CacheOutcome.MISS);
            assertThat(stack.results.get("g-1").getFirst().getCache()).as("another tenant never reads acme's entry").isEqualTo(CacheOutcome.MISS);
            PromptResult repeat = stack.results.get("a-2").getFirst();
            assertThat(repeat.getCache()).isEqualTo(CacheOutcome.HIT);
            assertThat(repeat.getCostUsd()).isZero();
            assertThat(repeat.getOutput()).isEqualTo(stack.results.get("a-1").getFirst().getOutput());
        }
    }

    @Test
    void shouldServeAStaleAnswerWhenBothProvidersAreDown(KafkaBroker broker) throws Exception {
        // Given: an answer that is stale a millisecond after it was written (TTL 1 ms, stale window 1 h)
        try (WorkerStack stack = WorkerStack.start(broker, WorkerStack.FAST, withRedis(Duration.ofMillis(1), c -> c))) {
            stack.startWorker("travel");
            String text = "Give me the status page wording for a partial outage.";
            stack.send(prompt("before", "acme", text));
            stack.flush();
            stack.awaitResults(List.of("before"), Duration.ofSeconds(30));

            // When: both providers are unreachable
            stack.primary.outage(true);
            stack.secondary.outage(true);
            stack.send(prompt("during", "acme", text));
            stack.flush();
            stack.awaitResults(List.of("during"), Duration.ofSeconds(30));

            // Then
            PromptResult during = stack.results.get("during").getFirst();
            assertThat(during.getStatus()).isEqualTo(ResultStatus.SUCCESS);
            assertThat(during.getCache()).isEqualTo(CacheOutcome.STALE);
            assertThat(during.getOutput()).isEqualTo(stack.results.get("before").getFirst().getOutput());
            assertThat(during.getAttempts()).extracting(a -> a.getProvider() + ":" + a.getOutcome())
                    .contains("primary:NETWORK", "secondary:NETWORK");
        }
    }
}

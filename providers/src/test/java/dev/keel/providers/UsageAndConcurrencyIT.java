package dev.keel.providers;

import dev.keel.config.ModelPrice;
import dev.keel.config.ProviderConfig;
import dev.keel.config.ProviderKind;
import dev.keel.schemas.AttemptOutcome;
import dev.keel.sim.Latency;
import dev.keel.sim.ProviderSim;
import dev.keel.sim.SimSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Usage as reported over the wire (prompt caching included) feeds the cost model; many calls share one client. */
class UsageAndConcurrencyIT {

    private static final String LONG_SYSTEM = "You review supplier contracts for payment terms and liability caps. ".repeat(40);
    private static ProviderSim sim;

    @BeforeAll
    static void start() {
        sim = ProviderSim.start(SimSettings.defaults("usage-it").withCacheMinTokens(256)
                .withLatency(new Latency(5, 20, 0.5, 2)));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static ProviderCall call(ProviderKind kind, String question, boolean stream) {
        return new ProviderCall("req-usage", SimBackedClients.modelOf(kind), LONG_SYSTEM, List.of(ChatTurn.user(question)),
                100, null, stream, CallTimeouts.defaults());
    }

    @Test
    void shouldReportCacheWriteThenReadWhenAnthropicSystemBlockRepeats() {
        // Given
        try (SimBackedClients clients = new SimBackedClients(sim, "k", ProviderConfig.CACHE_TTL_1H)) {
            // When
            ProviderReply first = clients.anthropic.call(call(ProviderKind.ANTHROPIC, "clause 1?", true));
            ProviderReply second = clients.anthropic.call(call(ProviderKind.ANTHROPIC, "clause 2?", false));

            // Then: the system block (~680 tokens) is written once, then read
            assertThat(first.usage().cacheWriteTokens()).isGreaterThan(600);
            assertThat(first.usage().cacheReadTokens()).isZero();
            assertThat(second.usage().cacheReadTokens()).isEqualTo(first.usage().cacheWriteTokens());
            assertThat(second.usage().cacheWriteTokens()).isZero();
            ModelPrice price = new ModelPrice(new BigDecimal("1.00"), new BigDecimal("5.00"), new BigDecimal("0.10"),
                    new BigDecimal("1.25"), new BigDecimal("2.00"));
            assertThat(CostModel.cost(price, second.usage(), ProviderConfig.CACHE_TTL_1H))
                    .isLessThan(CostModel.cost(price, first.usage(), ProviderConfig.CACHE_TTL_1H));
        }
    }

    @Test
    void shouldNormaliseOpenAiCachedTokensOutOfInputWhenPrefixRepeats() {
        // Given
        try (SimBackedClients clients = new SimBackedClients(sim, "k", null)) {
            // When
            ProviderReply first = clients.openAi.call(call(ProviderKind.OPENAI, "term A?", true));
            ProviderReply second = clients.openAi.call(call(ProviderKind.OPENAI, "term B?", true));

            // Then: same total input, part of it now cached (multiples of 128), never counted twice
            assertThat(first.usage().cacheReadTokens()).isZero();
            assertThat(second.usage().cacheReadTokens()).isPositive().isEqualTo(second.usage().cacheReadTokens() / 128 * 128);
            assertThat(second.usage().totalInputTokens()).isEqualTo(first.usage().totalInputTokens());
            assertThat(second.usage().inputTokens()).isEqualTo(first.usage().inputTokens() - second.usage().cacheReadTokens());
        }
    }

    @Test
    void shouldServeManyConcurrentStreamsWhenOneClientIsShared() throws Exception {
        // Given
        int calls = 200;
        try (SimBackedClients clients = new SimBackedClients(sim, "k", null);
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ProviderReply>> replies = new ArrayList<>();

            // When
            for (int i = 0; i < calls; i++) {
                ProviderKind kind = i % 2 == 0 ? ProviderKind.OPENAI : ProviderKind.ANTHROPIC;
                int n = i;
                replies.add(threads.submit(() -> clients.of(kind).call(new ProviderCall("req-" + n, SimBackedClients.modelOf(kind),
                        null, List.of(ChatTurn.user("question " + n)), 64, null, true,
                        new CallTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(20))))));
            }

            // Then
            for (Future<ProviderReply> reply : replies) {
                assertThat(reply.get().outcome()).isEqualTo(AttemptOutcome.OK);
                assertThat(reply.get().ttft()).isNotNull();
            }
            assertThat(sim.stats().answered("ok")).isGreaterThanOrEqualTo(calls);
        }
    }

    @Test
    void shouldReturnNetworkInsteadOfThrowingWhenClientIsClosed() {
        // Given
        SimBackedClients clients = new SimBackedClients(sim, "k", null);
        clients.close();

        // When
        ProviderReply reply = clients.openAi.call(call(ProviderKind.OPENAI, "after close", true));

        // Then
        assertThat(reply.outcome()).isEqualTo(AttemptOutcome.NETWORK);
        assertThat(reply.output()).isNull();
    }
}

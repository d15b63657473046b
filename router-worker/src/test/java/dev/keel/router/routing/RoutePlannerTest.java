package dev.keel.router.routing;

import dev.keel.config.ModelPrice;
import dev.keel.config.ProviderConfig;
import dev.keel.config.ProviderKind;
import dev.keel.config.ProvidersConfig;
import dev.keel.config.RoutingConfig;
import dev.keel.config.RoutingStrategy;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.MessageRole;
import dev.keel.schemas.PromptRequest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class RoutePlannerTest {

    private static final int REQUESTS = 10_000;
    /** 9:1 over 10,000 draws: the primary-first count is Binomial(10000, 0.9), sd 30; allow 5 sd. */
    private static final int TOLERANCE = 150;

    private static final ProvidersConfig PROVIDERS = new ProvidersConfig(provider(ProviderKind.OPENAI, "gpt-x"),
            provider(ProviderKind.ANTHROPIC, "claude-x"));

    private static ProviderConfig provider(ProviderKind kind, String model) {
        return new ProviderConfig(kind, URI.create("http://127.0.0.1:1"), null, model, null, Map.of(model, ModelPrice.of(1, 2)),
                null, null, null, null);
    }

    private static RoutingConfig weighted(Long seed) {
        return new RoutingConfig(RoutingStrategy.WEIGHTED, seed, null, null, null, null, null, null, null);
    }

    private static PromptRequest request(int i) {
        return PromptRequest.newBuilder().setRequestId("req-" + i).setTenantId("t").setFeature("f")
                .setMessages(List.of(new ChatMessage(MessageRole.user, "q"))).build();
    }

    @Test
    void shouldPutThePrimaryFirstNineTimesInTenWhenWeightsAreTheDefault() {
        // Given
        RoutePlanner planner = new RoutePlanner(PROVIDERS, weighted(7L), new Random(1));

        // When
        long primaryFirst = IntStream.range(0, REQUESTS).filter(i -> planner.order(request(i)).getFirst().equals("primary")).count();

        // Then
        assertThat(primaryFirst).isBetween(9_000L - TOLERANCE, 9_000L + TOLERANCE);
    }

    @Test
    void shouldGiveEveryRequestTheSameOrderWhenTheSeedIsTheSameWhateverTheThreads() throws Exception {
        // Given: two planners with the same seed, one asked sequentially, one from 8 threads at once
        RoutePlanner sequential = new RoutePlanner(PROVIDERS, weighted(42L), new Random(1));
        RoutePlanner concurrent = new RoutePlanner(PROVIDERS, weighted(42L), new Random(999));
        Map<Integer, List<String>> fromThreads = new ConcurrentHashMap<>();

        // When
        try (var pool = Executors.newFixedThreadPool(8)) {
            IntStream.range(0, REQUESTS).forEach(i -> pool.submit(() -> fromThreads.put(i, concurrent.order(request(i)))));
        }

        // Then
        assertThat(fromThreads).hasSize(REQUESTS);
        IntStream.range(0, REQUESTS).forEach(i -> assertThat(fromThreads.get(i)).as("req-" + i).isEqualTo(sequential.order(request(i))));
    }

    @Test
    void shouldOrderDifferentlyWhenTheSeedDiffers() {
        RoutePlanner a = new RoutePlanner(PROVIDERS, weighted(1L), new Random(1));
        RoutePlanner b = new RoutePlanner(PROVIDERS, weighted(2L), new Random(1));

        long differing = IntStream.range(0, 1_000).filter(i -> !a.order(request(i)).equals(b.order(request(i)))).count();

        assertThat(differing).isPositive();
    }

    @Test
    void shouldKeepThePrimaryFirstWhenTheStrategyIsOrdered() {
        RoutePlanner planner = new RoutePlanner(PROVIDERS, RoutingConfig.defaults(), new Random(1));

        assertThat(IntStream.range(0, 100).mapToObj(i -> planner.order(request(i)))).allMatch(o -> o.equals(List.of("primary", "secondary")));
    }
}

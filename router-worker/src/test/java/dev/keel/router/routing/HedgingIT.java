package dev.keel.router.routing;

import dev.keel.config.BudgetConfig;
import dev.keel.config.CooldownConfig;
import dev.keel.config.HedgingConfig;
import dev.keel.config.ModelPrice;
import dev.keel.config.ProviderConfig;
import dev.keel.config.ProviderKind;
import dev.keel.config.RoutingConfig;
import dev.keel.config.Secret;
import dev.keel.providers.ProviderClient;
import dev.keel.providers.ProviderClients;
import dev.keel.router.pipeline.RequestContext;
import dev.keel.testbase.MutableClock;
import dev.keel.schemas.AttemptOutcome;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.Lane;
import dev.keel.schemas.MessageRole;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;
import dev.keel.sim.Faults;
import dev.keel.sim.Latency;
import dev.keel.sim.Protocol;
import dev.keel.sim.ProviderSim;
import dev.keel.sim.SimSettings;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hedging over real HTTP: the primary simulator stalls every stream before its first token (30 s); each request
 * is answered by the secondary's hedge, the primary's stream is cancelled (not left to its 2 s TTFT timeout),
 * and the cancelled calls, slower than the hedge that won, cool the primary down.
 */
class HedgingIT {

    private static ProviderConfig config(ProviderKind kind, URI baseUrl, String model) {
        return new ProviderConfig(kind, baseUrl, Secret.of("sk-test"), model, null, Map.of(model, ModelPrice.of(1, 2)),
                null, null, null, null);
    }

    @Test
    void shouldAnswerThroughTheHedgeAndCancelTheStalledPrimary() throws Exception {
        try (ProviderSim primarySim = ProviderSim.start(SimSettings.defaults("primary").withLatency(Latency.NONE));
             ProviderSim secondarySim = ProviderSim.start(SimSettings.defaults("secondary").withLatency(Latency.NONE));
             ProviderClient primary = ProviderClients.create("primary",
                     config(ProviderKind.OPENAI, primarySim.openAiBaseUrl(), "gpt-x"), Clock.systemUTC());
             ProviderClient secondary = ProviderClients.create("secondary",
                     config(ProviderKind.ANTHROPIC, secondarySim.anthropicBaseUrl(), "claude-x"), Clock.systemUTC())) {
            // until one TTFT is known the delay is 1 s, then 50 ms (and only then is a cancelled call its provider's failure)
            HedgingConfig hedging = new HedgingConfig(true, 99f, Duration.ofMillis(50), Duration.ofSeconds(1), 10, 1, 100f, null);
            RoutingConfig routing = RoutingConfig.defaults().withHedging(hedging).withCooldown(CooldownConfig.defaults());
            MutableClock clock = new MutableClock(Instant.now());
            try (TwoProviderRouter stack = new TwoProviderRouter(primary, secondary, routing, BudgetConfig.defaults(), clock,
                    new SimpleMeterRegistry())) {
                PromptRequest healthy = PromptRequest.newBuilder().setRequestId("healthy").setTenantId("acme").setFeature("f")
                        .setMessages(List.of(new ChatMessage(MessageRole.user, "healthy"))).build();
                assertThat(stack.router.process(healthy, new RequestContext("w1", "llm.requests", 0, 99, Lane.INTERACTIVE,
                        clock.millis(), clock.millis(), false)).getProvider()).isEqualTo("primary");
                primarySim.setFaults(Protocol.OPENAI, Faults.NONE.withTtftStall(1.0, 30_000));
                for (int i = 0; i < 4; i++) { // with the healthy call, 4 of 5 failed: the breaker's minimum-calls and rate
                    PromptRequest request = PromptRequest.newBuilder().setRequestId("hedge-" + i).setTenantId("acme").setFeature("f")
                            .setMessages(List.of(new ChatMessage(MessageRole.user, "question " + i))).build();

                    PromptResult result = stack.router.process(request, new RequestContext("w1", "llm.requests", 0, i,
                            Lane.INTERACTIVE, clock.millis(), clock.millis(), false));

                    assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCESS);
                    assertThat(result.getProvider()).isEqualTo("secondary");
                    assertThat(result.getOutput()).isNotBlank();
                    assertThat(result.getAttempts()).extracting(a -> a.getProvider() + ":" + a.getOutcome())
                            .containsExactly("primary:TTFT_TIMEOUT", "secondary:OK");
                    assertThat(result.getAttempts().getFirst().getDetail()).startsWith(HedgedCall.CANCELLED_DETAIL);
                }
                assertThat(stack.cooldowns.state("primary")).isEqualTo(CircuitBreaker.State.OPEN);
                assertThat(primarySim.stats().answered("ttft_stall")).isEqualTo(4);
            }
        }
    }
}

package dev.keel.providers;

import dev.keel.config.ModelPrice;
import dev.keel.config.ProviderConfig;
import dev.keel.config.ProviderKind;
import dev.keel.config.Secret;
import dev.keel.sim.ProviderSim;

import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** Test fixture: an OpenAI-kind and an Anthropic-kind client pointed at one simulator, with a rotatable key. */
final class SimBackedClients implements AutoCloseable {

    static final String OPENAI_MODEL = "gpt-4o-mini";
    static final String ANTHROPIC_MODEL = "claude-haiku-4-5";

    final AtomicReference<Secret> key;
    final ProviderClient openAi;
    final ProviderClient anthropic;

    SimBackedClients(ProviderSim sim, String apiKey, Duration anthropicCacheTtl) {
        this.key = new AtomicReference<>(Secret.of(apiKey));
        this.openAi = ProviderClients.create("primary", config(ProviderKind.OPENAI, sim.openAiBaseUrl(), OPENAI_MODEL, null),
                key::get, InstantSource.system());
        this.anthropic = ProviderClients.create("secondary",
                config(ProviderKind.ANTHROPIC, sim.anthropicBaseUrl(), ANTHROPIC_MODEL, anthropicCacheTtl), key::get,
                InstantSource.system());
    }

    ProviderClient of(ProviderKind kind) {
        return kind == ProviderKind.OPENAI ? openAi : anthropic;
    }

    static ProviderConfig config(ProviderKind kind, URI baseUrl, String model, Duration cacheTtl) {
        return new ProviderConfig(kind, baseUrl, null, model, null, Map.of(model, ModelPrice.of(1.0, 5.0)), null, cacheTtl,
                null, null);
    }

    static String modelOf(ProviderKind kind) {
        return kind == ProviderKind.OPENAI ? OPENAI_MODEL : ANTHROPIC_MODEL;
    }

    static ProviderCall call(ProviderKind kind, boolean stream, CallTimeouts timeouts) {
        return new ProviderCall("req-" + kind.id() + "-" + stream, modelOf(kind), "You are a concise assistant.",
                List.of(ChatTurn.user("Summarise the incident report in two sentences.")), 200, 0.2, stream, timeouts);
    }

    @Override
    public void close() {
        openAi.close();
        anthropic.close();
    }
}

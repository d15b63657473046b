package dev.keel.providers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.config.ProviderConfig;
import dev.keel.providers.CallTimeouts;
import dev.keel.providers.ChatTurn;
import dev.keel.providers.ProviderCall;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The request bodies both protocols document. */
class RequestBodiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ProviderCall call(boolean stream) {
        return new ProviderCall("r1", "m", "Stable system block", List.of(ChatTurn.user("q"), ChatTurn.assistant("a"), ChatTurn.user("q2")),
                300, 0.5, stream, CallTimeouts.defaults());
    }

    @Test
    void shouldSendSystemAsMessageAndAskForUsageChunkWhenOpenAiStreams() throws IOException {
        // When
        JsonNode body = JSON.readTree(new OpenAiProtocol(JSON).requestBody(call(true)));

        // Then
        assertThat(body.path("messages").get(0).toString()).isEqualTo("{\"role\":\"system\",\"content\":\"Stable system block\"}");
        assertThat(body.path("messages")).hasSize(4);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(300);
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.5);
    }

    @Test
    void shouldOmitStreamFieldsWhenOpenAiCallIsWhole() throws IOException {
        JsonNode body = JSON.readTree(new OpenAiProtocol(JSON).requestBody(call(false)));
        assertThat(body.has("stream")).isFalse();
        assertThat(body.has("stream_options")).isFalse();
    }

    @Test
    void shouldMarkSystemBlockEphemeralWithoutTtlWhenCacheTtlIsFiveMinutes() throws IOException {
        // When
        JsonNode body = JSON.readTree(new AnthropicProtocol(JSON, "2023-06-01", ProviderConfig.CACHE_TTL_5M).requestBody(call(true)));

        // Then
        assertThat(body.path("system").toString())
                .isEqualTo("[{\"type\":\"text\",\"text\":\"Stable system block\",\"cache_control\":{\"type\":\"ephemeral\"}}]");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(300);
        assertThat(body.path("messages")).hasSize(3);
        assertThat(body.path("stream").asBoolean()).isTrue();
    }

    @Test
    void shouldAddOneHourTtlWhenCacheTtlIsOneHour() throws IOException {
        JsonNode body = JSON.readTree(new AnthropicProtocol(JSON, "2023-06-01", ProviderConfig.CACHE_TTL_1H).requestBody(call(false)));
        assertThat(body.path("system").get(0).path("cache_control").toString()).isEqualTo("{\"type\":\"ephemeral\",\"ttl\":\"1h\"}");
        assertThat(body.has("stream")).isFalse();
    }

    @Test
    void shouldResolveEndpointsWhetherOrNotBaseUrlEndsWithSlash() {
        assertThat(new OpenAiProtocol(JSON).endpoint(URI.create("https://api.openai.com/v1")))
                .isEqualTo(URI.create("https://api.openai.com/v1/chat/completions"));
        assertThat(new OpenAiProtocol(JSON).endpoint(URI.create("http://localhost:11434/v1/")))
                .isEqualTo(URI.create("http://localhost:11434/v1/chat/completions"));
        assertThat(new AnthropicProtocol(JSON, "2023-06-01", null).endpoint(URI.create("https://api.anthropic.com")))
                .isEqualTo(URI.create("https://api.anthropic.com/v1/messages"));
        assertThat(new OpenAiProtocol(JSON).endpoint(URI.create("https://x.openai.azure.com/openai/deployments/d?api-version=2024-10-21")))
                .isEqualTo(URI.create("https://x.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21"));
    }
}

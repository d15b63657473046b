package dev.keel.sim;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.CacheControlEphemeral;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.TextBlockParam;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The official Anthropic Java SDK reads the simulator's answers, whole and streamed, and its errors. */
class AnthropicSdkCompatibilityTest {

    private static final String KEY = "sk-ant-sim-sdk-key-0001";
    private static ProviderSim sim;
    private static AnthropicClient client;

    @BeforeAll
    static void start() {
        sim = ProviderSim.start(SimSettings.defaults("sdk-anthropic").withAcceptedKeys(List.of(KEY)).withCacheMinTokens(64));
        client = AnthropicOkHttpClient.builder().apiKey(KEY).baseUrl(sim.anthropicBaseUrl().toString()).maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        sim.close();
    }

    @AfterEach
    void clearFaults() {
        sim.reset();
    }

    private static MessageCreateParams params(String prompt, String system) {
        return MessageCreateParams.builder()
                .model("claude-haiku-4-5")
                .maxTokens(200)
                .systemOfTextBlockParams(List.of(TextBlockParam.builder().text(system)
                        .cacheControl(CacheControlEphemeral.builder().build()).build()))
                .addUserMessage(prompt)
                .build();
    }

    @Test
    void shouldParseWholeMessageWithCacheWriteThenReadWhenNotStreaming() {
        // Given
        String system = "You are a careful reviewer of contracts. ".repeat(20);

        // When
        Message first = client.messages().create(params("Review clause 4", system));
        Message second = client.messages().create(params("Review clause 5", system));

        // Then
        assertThat(first.id()).startsWith("msg_");
        assertThat(first.model().asString()).isEqualTo("claude-haiku-4-5");
        assertThat(first.content()).hasSize(1);
        assertThat(first.content().get(0).text().orElseThrow().text()).isNotBlank();
        assertThat(first.usage().cacheCreationInputTokens()).hasValueSatisfying(n -> assertThat(n).isPositive());
        assertThat(first.usage().cacheReadInputTokens()).hasValue(0L);
        assertThat(second.usage().cacheReadInputTokens()).isEqualTo(first.usage().cacheCreationInputTokens());
        assertThat(second.usage().cacheCreationInputTokens()).hasValue(0L);
        assertThat(second.usage().inputTokens()).isPositive();
    }

    @Test
    void shouldAccumulateStreamIntoTheSameMessageWhenStreaming() {
        // Given
        MessageAccumulator accumulator = MessageAccumulator.create();
        MessageCreateParams params = params("Stream it", "Be brief.");

        // When
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message streamed = accumulator.message();
        Message whole = client.messages().create(params);

        // Then
        assertThat(streamed.content().get(0).text().orElseThrow().text())
                .isEqualTo(whole.content().get(0).text().orElseThrow().text());
        assertThat(streamed.usage().outputTokens()).isEqualTo(whole.usage().outputTokens());
        assertThat(streamed.stopReason()).isEqualTo(whole.stopReason());
    }

    @Test
    void shouldSurfaceErrorEventInsideStreamWhenInjected() {
        // Given
        sim.setFaults(Protocol.ANTHROPIC, Faults.NONE.withErrorEvents(1.0, "overloaded_error"));

        // When / Then: the SDK turns an error event after a 200 into an exception
        assertThatThrownBy(() -> {
            try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params("hi", "Be brief."))) {
                stream.stream().forEach(event -> { });
            }
        }).isInstanceOf(AnthropicServiceException.class);
    }

    @Test
    void shouldSurfaceOverloadAndRateLimitWhenInjected() {
        // Given
        sim.setFaults(Protocol.ANTHROPIC, Faults.NONE.withRateLimits(1.0, 3000, false));

        // When / Then
        assertThatThrownBy(() -> client.messages().create(params("hi", "Be brief.")))
                .isInstanceOfSatisfying(RateLimitException.class,
                        e -> assertThat(e.headers().values("retry-after")).containsExactly("3"));

        sim.setFaults(Protocol.ANTHROPIC, Faults.NONE.withOverload(1.0));
        assertThatThrownBy(() -> client.messages().create(params("hi", "Be brief.")))
                .isInstanceOfSatisfying(AnthropicServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(529));
    }
}

package dev.keel.sim;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The official OpenAI Java SDK reads the simulator's answers, whole and streamed, and its errors. */
class OpenAiSdkCompatibilityTest {

    private static final String KEY = "sk-sim-openai-sdk-key-0001";
    private static ProviderSim sim;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        sim = ProviderSim.start(SimSettings.defaults("sdk-openai").withAcceptedKeys(List.of(KEY)).withCacheMinTokens(64));
        client = OpenAIOkHttpClient.builder().apiKey(KEY).baseUrl(sim.openAiBaseUrl().toString()).maxRetries(0).build();
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

    private static ChatCompletionCreateParams params(String prompt) {
        return ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini")
                .addSystemMessage("You are a terse assistant. ".repeat(30))
                .addUserMessage(prompt)
                .maxCompletionTokens(200)
                .build();
    }

    @Test
    void shouldParseWholeAnswerWhenNotStreaming() {
        // Given / When
        ChatCompletion completion = client.chat().completions().create(params("Summarise the news"));

        // Then
        assertThat(completion.id()).startsWith("chatcmpl-");
        assertThat(completion.model()).isEqualTo("gpt-4o-mini");
        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().get(0).message().content()).hasValueSatisfying(text -> assertThat(text).isNotBlank());
        CompletionUsage usage = completion.usage().orElseThrow();
        assertThat(usage.promptTokens()).isPositive();
        assertThat(usage.completionTokens()).isPositive();
        assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
    }

    @Test
    void shouldReportCachedTokensWhenTheSamePrefixComesBack() {
        // Given
        client.chat().completions().create(params("first question"));

        // When
        ChatCompletion second = client.chat().completions().create(params("second question"));

        // Then: the system prefix (~200 tokens, min 64 here) is cached, in 128-token steps
        long cached = second.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens().orElseThrow();
        assertThat(cached).isPositive().isEqualTo(cached / 128 * 128);
        assertThat(cached).isLessThanOrEqualTo(second.usage().orElseThrow().promptTokens());
    }

    @Test
    void shouldParseStreamWithUsageChunkWhenStreaming() {
        // Given
        ChatCompletionCreateParams params = params("Stream it").toBuilder()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        StringBuilder text = new StringBuilder();
        List<CompletionUsage> usages = new ArrayList<>();

        // When
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> {
                chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append));
                chunk.usage().ifPresent(usages::add);
            });
        }

        // Then
        assertThat(text.toString()).isNotBlank();
        assertThat(usages).hasSize(1);
        ChatCompletion whole = client.chat().completions().create(params("Stream it"));
        assertThat(text.toString()).isEqualTo(whole.choices().get(0).message().content().orElseThrow());
        assertThat(usages.get(0).completionTokens()).isEqualTo(whole.usage().orElseThrow().completionTokens());
    }

    @Test
    void shouldSurfaceRateLimitWithRetryAfterWhenStorming() {
        // Given
        sim.setFaults(Protocol.OPENAI, Faults.NONE.withRateLimits(1.0, 1500, false));

        // When / Then
        assertThatThrownBy(() -> client.chat().completions().create(params("hello")))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.headers().values("retry-after-ms")).containsExactly("1500");
                    assertThat(e.headers().values("retry-after")).containsExactly("2");
                });
    }

    @Test
    void shouldSurfaceUnauthorizedWhenKeyRevoked() {
        // Given
        sim.revokeKeys();

        // When / Then
        assertThatThrownBy(() -> client.chat().completions().create(params("hello")))
                .isInstanceOf(UnauthorizedException.class);
    }
}

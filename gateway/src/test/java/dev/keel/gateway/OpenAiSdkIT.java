package dev.keel.gateway;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.models.Model;
import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.KafkaBrokerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The official OpenAI Java SDK, pointed at the gateway, gets Keel's answers whole and streamed, and its errors. */
@ExtendWith(KafkaBrokerExtension.class)
class OpenAiSdkIT {

    private static GatewayStack stack;
    private static OpenAIClient openai;

    @BeforeAll
    static void start(KafkaBroker broker) {
        stack = new GatewayStack(broker);
        openai = OpenAIOkHttpClient.builder().apiKey(GatewayStack.ACME_KEY).baseUrl(stack.openAiBaseUrl()).maxRetries(0).build();
    }

    @AfterAll
    static void stop() throws Exception {
        openai.close();
        stack.close();
    }

    private static ChatCompletionCreateParams params(String prompt) {
        return ChatCompletionCreateParams.builder().model("keel").addSystemMessage("You are terse.").addUserMessage(prompt)
                .maxCompletionTokens(40).build();
    }

    @Test
    void shouldAnswerACompletionWithUsageWhenTheSdkCallsTheGateway() {
        // When
        ChatCompletion completion = openai.chat().completions().create(params("Summarize invoice " + UUID.randomUUID()));

        // Then
        assertThat(completion.choices()).singleElement().satisfies(choice -> {
            assertThat(choice.message().content()).hasValueSatisfying(text -> assertThat(text).isNotBlank());
            assertThat(choice.finishReason()).isIn(ChatCompletion.Choice.FinishReason.STOP, ChatCompletion.Choice.FinishReason.LENGTH);
        });
        assertThat(completion.model()).isEqualTo("keel");
        CompletionUsage usage = completion.usage().orElseThrow();
        assertThat(usage.promptTokens()).isPositive();
        assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
    }

    @Test
    void shouldStreamTheSameTextAsTheWholeAnswerWhenTheSdkStreams() {
        // Given: the same prompt answered whole first (the stream is then a cache hit with the same text)
        String prompt = "Stream the summary of ticket " + UUID.randomUUID();
        ChatCompletion whole = openai.chat().completions().create(params(prompt));
        StringBuilder text = new StringBuilder();
        List<CompletionUsage> usages = new ArrayList<>();

        // When
        try (StreamResponse<ChatCompletionChunk> stream = openai.chat().completions().createStreaming(params(prompt).toBuilder()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> {
                chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append));
                chunk.usage().ifPresent(usages::add);
            });
        }

        // Then
        assertThat(text.toString()).isEqualTo(whole.choices().getFirst().message().content().orElseThrow());
        // a cache hit is billed no provider tokens, so its usage chunk counts what this call cost
        assertThat(usages).singleElement().satisfies(u -> assertThat(u.totalTokens()).isEqualTo(u.promptTokens() + u.completionTokens()));
    }

    @Test
    void shouldStreamAFreshPromptWhenTheSdkStreamsWithoutUsage() {
        StringBuilder text = new StringBuilder();
        List<String> finishes = new ArrayList<>();

        try (StreamResponse<ChatCompletionChunk> stream = openai.chat().completions()
                .createStreaming(params("Fresh stream " + UUID.randomUUID()))) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(choice -> {
                choice.delta().content().ifPresent(text::append);
                choice.finishReason().ifPresent(f -> finishes.add(f.asString()));
            }));
        }

        assertThat(text.toString()).isNotBlank();
        assertThat(finishes).hasSize(1);
    }

    @Test
    void shouldListTheAliasesWhenTheSdkListsModels() {
        List<String> ids = new ArrayList<>();
        openai.models().list().autoPager().forEach((Model m) -> ids.add(m.id()));

        assertThat(ids).containsExactly("keel", "keel-secondary", "keel-primary-only");
    }

    @Test
    void shouldRaiseUnauthorizedWhenTheKeyIsUnknown() {
        OpenAIClient stranger = OpenAIOkHttpClient.builder().apiKey("sk-nobody").baseUrl(stack.openAiBaseUrl()).maxRetries(0).build();
        try {
            assertThatThrownBy(() -> stranger.chat().completions().create(params("hello")))
                    .isInstanceOfSatisfying(UnauthorizedException.class, e -> assertThat(e.code()).hasValue("invalid_api_key"))
                    .hasMessageNotContaining("sk-nobody");
        } finally {
            stranger.close();
        }
    }

    @Test
    void shouldRaiseBadRequestNamingTheModelWhenTheAliasIsUnknown() {
        assertThatThrownBy(() -> openai.chat().completions().create(params("hello").toBuilder().model("gpt-9").build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.param()).hasValue("model");
                    assertThat(e.getMessage()).contains("keel-secondary");
                });
    }
}

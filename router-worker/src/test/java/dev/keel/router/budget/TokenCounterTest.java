package dev.keel.router.budget;

import dev.keel.config.ProviderKind;
import dev.keel.router.support.Prompts;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.keel.router.support.Prompts.assistant;
import static dev.keel.router.support.Prompts.user;
import static org.assertj.core.api.Assertions.assertThat;

class TokenCounterTest {

    private final TokenCounter counter = new TokenCounter();

    @Test
    void shouldPickTheModelsEncodingWhenCountingForOpenAi() {
        assertThat(counter.encodingName(ProviderKind.OPENAI, "gpt-4o-mini")).isEqualTo("o200k_base");
        assertThat(counter.encodingName(ProviderKind.OPENAI, "gpt-4.1-nano")).isEqualTo("o200k_base");
        assertThat(counter.encodingName(ProviderKind.OPENAI, "gpt-5-mini")).isEqualTo("o200k_base");
        assertThat(counter.encodingName(ProviderKind.OPENAI, "gpt-3.5-turbo")).isEqualTo("cl100k_base");
        assertThat(counter.encodingName(ProviderKind.OPENAI, "llama-3.1-70b-instruct")).isEqualTo("cl100k_base");
        assertThat(counter.encodingName(ProviderKind.ANTHROPIC, "claude-haiku-4-5")).isEqualTo("cl100k_base");
    }

    @Test
    void shouldCountKnownTextExactlyWhenTheEncodingIsKnown() {
        assertThat(counter.countText(ProviderKind.OPENAI, "gpt-3.5-turbo", "hello world")).isEqualTo(2);
        assertThat(counter.countText(ProviderKind.OPENAI, "gpt-4o-mini", "hello world")).isEqualTo(2);
        assertThat(counter.countText(ProviderKind.OPENAI, "gpt-4o-mini", "")).isZero();
    }

    @Test
    void shouldCountSpecialTokenTextAsOrdinaryTextWhenAPromptContainsIt() {
        assertThat(counter.countText(ProviderKind.OPENAI, "gpt-4o-mini", "<|endoftext|>")).isGreaterThan(1);
    }

    @Test
    void shouldEstimateHighForAnthropicWhenNoOfflineTokenizerExists() {
        // Given
        String text = Prompts.words(400);

        // When
        int cl100k = counter.countText(ProviderKind.OPENAI, "gpt-3.5-turbo", text);
        int anthropic = counter.countText(ProviderKind.ANTHROPIC, "claude-haiku-4-5", text);

        // Then
        assertThat(anthropic).isEqualTo((int) Math.ceil(cl100k * TokenCounter.ANTHROPIC_ESTIMATE_FACTOR));
    }

    @Test
    void shouldAddPerMessageAndReplyOverheadsWhenCountingARequest() {
        // Given
        String system = "You are terse.";
        List<dev.keel.schemas.ChatMessage> messages = List.of(user("hello world"), assistant("hi"), user("hello world"));

        // When
        int total = counter.count(ProviderKind.OPENAI, "gpt-4o-mini", system, messages);

        // Then
        int text = counter.countText(ProviderKind.OPENAI, "gpt-4o-mini", system) + 2 + counter.countText(ProviderKind.OPENAI, "gpt-4o-mini", "hi") + 2;
        assertThat(total).isEqualTo(TokenCounter.TOKENS_PER_REPLY + 4 * TokenCounter.TOKENS_PER_MESSAGE + text);
        assertThat(counter.count(ProviderKind.OPENAI, "gpt-4o-mini", null, List.of())).isEqualTo(TokenCounter.TOKENS_PER_REPLY);
    }

    @Test
    void shouldKeepHeadAndTailAndMarkTheCutWhenTrimmingTheMiddle() {
        // Given
        String text = "BEGIN " + Prompts.words(2_000) + " END";

        // When
        String trimmed = counter.trimMiddle(ProviderKind.OPENAI, "gpt-4o-mini", text, 300);

        // Then
        assertThat(counter.countText(ProviderKind.OPENAI, "gpt-4o-mini", trimmed)).isLessThanOrEqualTo(300).isGreaterThan(250);
        assertThat(trimmed).startsWith("BEGIN word0 word1").endsWith("word1999 END").containsPattern("\\[… [0-9,]+ tokens omitted by Keel to fit the budget …]");
    }

    @Test
    void shouldFitTheEstimateWhenTrimmingForAnthropic() {
        // Given
        String text = Prompts.words(3_000);

        // When
        String trimmed = counter.trimMiddle(ProviderKind.ANTHROPIC, "claude-haiku-4-5", text, 500);

        // Then
        assertThat(counter.countText(ProviderKind.ANTHROPIC, "claude-haiku-4-5", trimmed)).isLessThanOrEqualTo(500).isGreaterThan(400);
    }

    @Test
    void shouldReturnTheTextUnchangedOrNothingWhenItFitsOrNotEvenTheMarkerFits() {
        assertThat(counter.trimMiddle(ProviderKind.OPENAI, "gpt-4o-mini", "short text", 100)).isEqualTo("short text");
        assertThat(counter.trimMiddle(ProviderKind.OPENAI, "gpt-4o-mini", Prompts.words(500), 5)).isNull();
    }
}

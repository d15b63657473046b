package dev.keel.router.budget.internal;

import dev.keel.config.ProviderKind;
import dev.keel.router.budget.TokenCounter;
import dev.keel.router.support.Prompts;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.MessageRole;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.keel.router.support.Prompts.assistant;
import static dev.keel.router.support.Prompts.user;
import static org.assertj.core.api.Assertions.assertThat;

class ContextTruncatorTest {

    private static final ProviderKind KIND = ProviderKind.OPENAI;
    private static final String MODEL = "gpt-4o-mini";
    private static final String SYSTEM = "You answer questions about the conversation.";

    private final TokenCounter counter = new TokenCounter();
    private final ContextTruncator truncator = new ContextTruncator(counter);

    private final List<ChatMessage> conversation = List.of(
            user("turn one " + Prompts.words(300)),
            assistant("reply one " + Prompts.words(300)),
            user("turn two " + Prompts.words(300)),
            assistant("reply two " + Prompts.words(300)),
            user("latest question: what did we decide?"));

    @Test
    void shouldDropTheOldestTurnsAndKeepTheLatestUserTurnWhenTheConversationIsTooLong() {
        // Given
        int full = counter.count(KIND, MODEL, SYSTEM, conversation);
        int withoutFirstExchange = counter.count(KIND, MODEL, SYSTEM, conversation.subList(2, 5));

        // When
        Optional<ContextTruncator.Truncated> cut = truncator.fit(KIND, MODEL, SYSTEM, conversation, withoutFirstExchange + 10);

        // Then
        assertThat(full).isGreaterThan(withoutFirstExchange + 10);
        assertThat(cut).hasValueSatisfying(t -> {
            assertThat(t.messages()).isEqualTo(conversation.subList(2, 5));
            assertThat(t.droppedTurns()).isEqualTo(2);
            assertThat(t.trimmed()).isFalse();
            assertThat(t.inputTokens()).isEqualTo(withoutFirstExchange);
        });
    }

    @Test
    void shouldAlwaysStartWithAUserTurnWhenDroppingTurns() {
        // Given a budget that would fit from "reply two" on, but not from "turn two"
        int fromReplyTwo = counter.count(KIND, MODEL, SYSTEM, conversation.subList(3, 5));

        // When
        Optional<ContextTruncator.Truncated> cut = truncator.fit(KIND, MODEL, SYSTEM, conversation, fromReplyTwo);

        // Then
        assertThat(cut).hasValueSatisfying(t -> {
            assertThat(t.messages().getFirst().getRole()).isEqualTo(MessageRole.user);
            assertThat(t.messages().getLast()).isEqualTo(conversation.getLast());
        });
    }

    @Test
    void shouldTrimTheMiddleOfTheLatestUserTurnWhenItAloneIsTooLong() {
        // Given
        List<ChatMessage> messages = List.of(user("old"), assistant("old reply"),
                user("QUESTION START " + Prompts.words(3_000) + " QUESTION END"));

        // When
        Optional<ContextTruncator.Truncated> cut = truncator.fit(KIND, MODEL, SYSTEM, messages, 600);

        // Then
        assertThat(cut).hasValueSatisfying(t -> {
            assertThat(t.trimmed()).isTrue();
            assertThat(t.messages()).hasSize(1);
            assertThat(t.messages().getFirst().getContent()).startsWith("QUESTION START").endsWith("QUESTION END")
                    .contains("tokens omitted by Keel");
            assertThat(t.inputTokens()).isLessThanOrEqualTo(600)
                    .isEqualTo(counter.count(KIND, MODEL, SYSTEM, t.messages()));
        });
    }

    @Test
    void shouldGiveUpWhenEvenTheSystemBlockDoesNotFit() {
        // Given
        String hugeSystem = Prompts.words(2_000);

        // When / Then
        assertThat(truncator.fit(KIND, MODEL, hugeSystem, conversation, 500)).isEmpty();
        assertThat(truncator.fit(KIND, MODEL, SYSTEM, List.of(assistant("only an assistant turn")), 5)).isEmpty();
    }
}

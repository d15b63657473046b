package dev.keel.router.pipeline;

import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.MessageRole;
import dev.keel.schemas.PromptRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

class RequestValidatorTest {

    private final RequestValidator validator = new RequestValidator(Set.of("primary", "secondary"));

    private static PromptRequest valid(UnaryOperator<PromptRequest.Builder> change) {
        return change.apply(PromptRequest.newBuilder().setRequestId("r1").setTenantId("t1").setFeature("f1")
                .setMessages(List.of(new ChatMessage(MessageRole.user, "hello")))).build();
    }

    @Test
    void shouldAcceptAMinimalRequest() {
        assertThat(validator.problem(valid(b -> b))).isEmpty();
    }

    @Test
    void shouldNameEachProblem() {
        assertThat(validator.problem(valid(b -> b.setTenantId(" ")))).contains("tenant_id: missing");
        assertThat(validator.problem(valid(b -> b.setFeature("")))).contains("feature: missing");
        assertThat(validator.problem(valid(b -> b.setMessages(List.of())))).contains("messages: empty");
        assertThat(validator.problem(valid(b -> b.setMessages(List.of(new ChatMessage(MessageRole.assistant, "hi"))))))
                .contains("messages: no user message with text");
        assertThat(validator.problem(valid(b -> b.setPin("tertiary"))))
                .contains("pin: no provider named 'tertiary' (configured: primary, secondary)");
        assertThat(validator.problem(valid(b -> b.setMaxOutputTokens(0)))).contains("max_output_tokens: must be positive");
        assertThat(validator.problem(valid(b -> b.setTemperature(3.0)))).contains("temperature: must be between 0 and 2");
        assertThat(validator.problem(valid(b -> b.setMaxCostUsd(-1.0)))).contains("max_cost_usd: must be positive");
        assertThat(validator.problem(valid(b -> b.setReplyTo("no spaces please")))).contains("reply_to: not a valid topic name");
        assertThat(validator.problem(valid(b -> b.setRequestId("")))).contains("request_id: missing");
    }
}

package dev.keel.gateway.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.schemas.MessageRole;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ChatCallParserTest {

    private final ChatCallParser parser = new ChatCallParser(new ObjectMapper());

    private ChatCallParser.Parsed parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldJoinSystemAndDeveloperMessagesAndTextPartsWhenTheBodyIsValid() {
        ChatCallParser.Parsed parsed = parse("""
                {"model":"keel","stream":true,"stream_options":{"include_usage":true},"max_tokens":10,"max_completion_tokens":20,
                 "temperature":0.2,"user":"u-1","seed":7,
                 "messages":[{"role":"system","content":"Be brief."},{"role":"developer","content":[{"type":"text","text":"No lists."}]},
                             {"role":"user","content":[{"type":"text","text":"Hello"},{"type":"text","text":"there"}]},
                             {"role":"assistant","content":"Hi"},{"role":"user","content":"Summarize"}]}""");

        assertThat(parsed).isInstanceOfSatisfying(ChatCallParser.Parsed.Ok.class, ok -> {
            ChatCall call = ok.call();
            assertThat(call.system()).isEqualTo("Be brief.\n\nNo lists.");
            assertThat(call.messages()).extracting(m -> m.getRole()).containsExactly(MessageRole.user, MessageRole.assistant, MessageRole.user);
            assertThat(call.messages().getFirst().getContent()).isEqualTo("Hello\nthere");
            assertThat(call.maxTokens()).isEqualTo(20);
            assertThat(call.temperature()).isEqualTo(0.2);
            assertThat(call.stream()).isTrue();
            assertThat(call.includeUsage()).isTrue();
            assertThat(call.user()).isEqualTo("u-1");
        });
    }

    @Test
    void shouldNameTheFieldWithoutQuotingThePromptWhenSomethingIsWrong() {
        assertThat(parse("{\"model\":\"keel\",\"messages\":[{\"role\":\"system\",\"content\":\"secret system prompt\"}]}"))
                .isEqualTo(new ChatCallParser.Parsed.Invalid("messages", "messages: at least one user message with text is required"));
        assertThat(parse("{\"model\":\"keel\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))
                .isInstanceOfSatisfying(ChatCallParser.Parsed.Invalid.class, i -> assertThat(i.param()).isEqualTo("n"));
        assertThat(parse("{\"model\":\"keel\",\"tools\":[{}],\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))
                .isInstanceOfSatisfying(ChatCallParser.Parsed.Invalid.class, i -> assertThat(i.param()).isEqualTo("tools"));
        assertThat(parse("{\"model\":\"keel\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))
                .isInstanceOfSatisfying(ChatCallParser.Parsed.Invalid.class, i -> assertThat(i.param()).isEqualTo("stream"));
        assertThat(parse("[1,2]")).isInstanceOfSatisfying(ChatCallParser.Parsed.Invalid.class, i -> assertThat(i.param()).isNull());
        assertThat(parse("{\"model\":\"keel\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_completion_tokens\":1.5}"))
                .isInstanceOfSatisfying(ChatCallParser.Parsed.Invalid.class, i -> assertThat(i.param()).isEqualTo("max_completion_tokens"));
    }
}

package dev.keel.providers.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.providers.Usage;
import dev.keel.schemas.AttemptOutcome;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What each provider's events mean, from transcripts shaped like the providers' documented streams. */
class StreamStatesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<StreamState.Step> run(StreamState state, String transcript) {
        byte[] bytes = transcript.getBytes(StandardCharsets.UTF_8);
        List<StreamState.Step> steps = new ArrayList<>();
        for (SseEvent event : new SseParser().feed(bytes, 0, bytes.length)) {
            StreamState.Step step = state.accept(event);
            steps.add(step);
            if (step == StreamState.Step.FAILED || step == StreamState.Step.END) {
                break;
            }
        }
        return steps;
    }

    @Test
    void shouldReadOpenAiTextAndFinalUsageChunkWhenIncludeUsageIsOn() {
        // Given
        String transcript = """
                data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}

                data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{"content":"Hi"},"logprobs":null,"finish_reason":null}],"usage":null}

                data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}

                data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini-2024-07-18","choices":[],"usage":{"prompt_tokens":2006,"completion_tokens":300,"total_tokens":2306,"prompt_tokens_details":{"cached_tokens":1920}}}

                data: [DONE]

                """;
        OpenAiStream state = new OpenAiStream(JSON);

        // When
        List<StreamState.Step> steps = run(state, transcript);

        // Then: cached tokens come out of prompt tokens
        assertThat(steps).containsExactly(StreamState.Step.PROGRESS, StreamState.Step.CONTENT, StreamState.Step.PROGRESS,
                StreamState.Step.PROGRESS, StreamState.Step.END);
        assertThat(state.output()).isEqualTo("Hi");
        assertThat(state.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(state.usage()).isEqualTo(new Usage(86, 300, 1920, 0));
    }

    @Test
    void shouldFailWithMappedOutcomeWhenOpenAiCompatibleServerSendsErrorChunk() {
        // Given
        String transcript = """
                data: {"id":"c","choices":[{"index":0,"delta":{"content":"Hi"}}]}

                data: {"error":{"message":"upstream overloaded","type":"server_error","code":null}}

                """;
        OpenAiStream state = new OpenAiStream(JSON);

        // When
        List<StreamState.Step> steps = run(state, transcript);

        // Then
        assertThat(steps).endsWith(StreamState.Step.FAILED);
        assertThat(state.failure()).isEqualTo(Failure.of(AttemptOutcome.SERVER_ERROR, "in-stream server_error"));
    }

    @Test
    void shouldFailProtocolWhenOpenAiChunkIsNotJson() {
        OpenAiStream state = new OpenAiStream(JSON);
        assertThat(run(state, "data: {\"id\":\"c\",\"choices\":[{\n\n")).containsExactly(StreamState.Step.FAILED);
        assertThat(state.failure().outcome()).isEqualTo(AttemptOutcome.PROTOCOL);
    }

    @Test
    void shouldReadAnthropicEventsWithCumulativeUsageWhenStreamCompletes() {
        // Given: message_delta repeats the cumulative counts, some fields only in message_start
        String transcript = """
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[],"stop_reason":null,"usage":{"input_tokens":50,"cache_creation_input_tokens":2000,"cache_read_input_tokens":0,"output_tokens":1}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                event: ping
                data: {"type": "ping"}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"!"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":400}}

                event: message_stop
                data: {"type":"message_stop"}

                """;
        AnthropicStream state = new AnthropicStream(JSON);

        // When
        List<StreamState.Step> steps = run(state, transcript);

        // Then
        assertThat(steps).containsExactly(StreamState.Step.PROGRESS, StreamState.Step.PROGRESS, StreamState.Step.PROGRESS,
                StreamState.Step.CONTENT, StreamState.Step.CONTENT, StreamState.Step.PROGRESS, StreamState.Step.PROGRESS,
                StreamState.Step.END);
        assertThat(state.output()).isEqualTo("Hello!");
        assertThat(state.model()).isEqualTo("claude-haiku-4-5");
        assertThat(state.usage()).isEqualTo(new Usage(50, 400, 0, 2000));
    }

    @Test
    void shouldMapAnthropicErrorEventInside200ToOverloadedWhenTypeIsOverloaded() {
        // Given
        String transcript = """
                event: message_start
                data: {"type":"message_start","message":{"model":"claude-haiku-4-5","usage":{"input_tokens":5}}}

                event: error
                data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}

                """;
        AnthropicStream state = new AnthropicStream(JSON);

        // When
        run(state, transcript);

        // Then
        assertThat(state.failure()).isEqualTo(Failure.of(AttemptOutcome.OVERLOADED, "in-stream overloaded_error"));
    }

    @Test
    void shouldTolerateUnknownAnthropicEventTypesWhenStreaming() {
        AnthropicStream state = new AnthropicStream(JSON);
        assertThat(run(state, "event: future_event\ndata: {\"type\":\"future_event\"}\n\n"))
                .containsExactly(StreamState.Step.PROGRESS);
    }

    @Test
    void shouldTreatOpenAiCompatibleReasoningAsLivenessNotContent() {
        // Given: reasoning_content deltas (DeepSeek, vLLM), one reasoning delta (OpenRouter), then the answer
        String transcript = """
                data: {"id":"c","object":"chat.completion.chunk","model":"deepseek-reasoner","choices":[{"index":0,"delta":{"role":"assistant","content":null,"reasoning_content":""}}]}

                data: {"id":"c","object":"chat.completion.chunk","model":"deepseek-reasoner","choices":[{"index":0,"delta":{"content":null,"reasoning_content":"Let me think"}}]}

                data: {"id":"c","object":"chat.completion.chunk","model":"deepseek-reasoner","choices":[{"index":0,"delta":{"reasoning":" about it"}}]}

                data: {"id":"c","object":"chat.completion.chunk","model":"deepseek-reasoner","choices":[{"index":0,"delta":{"content":"Paris"}}]}

                data: [DONE]

                """;
        OpenAiStream state = new OpenAiStream(JSON);

        // When
        List<StreamState.Step> steps = run(state, transcript);

        // Then: reasoning is never part of the answer
        assertThat(steps).containsExactly(StreamState.Step.PROGRESS, StreamState.Step.REASONING, StreamState.Step.REASONING,
                StreamState.Step.CONTENT, StreamState.Step.END);
        assertThat(state.output()).isEqualTo("Paris");
    }

    @Test
    void shouldTreatAnthropicThinkingDeltasAsLivenessNotContent() {
        // Given: an extended-thinking block (thinking and signature deltas), then the text block
        String transcript = """
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"usage":{"input_tokens":12,"output_tokens":1}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"The user asks"}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQB"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: content_block_start
                data: {"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Paris"}}

                event: message_stop
                data: {"type":"message_stop"}

                """;
        AnthropicStream state = new AnthropicStream(JSON);

        // When
        List<StreamState.Step> steps = run(state, transcript);

        // Then
        assertThat(steps).containsExactly(StreamState.Step.PROGRESS, StreamState.Step.PROGRESS, StreamState.Step.REASONING,
                StreamState.Step.PROGRESS, StreamState.Step.PROGRESS, StreamState.Step.PROGRESS, StreamState.Step.CONTENT,
                StreamState.Step.END);
        assertThat(state.output()).isEqualTo("Paris");
    }
}

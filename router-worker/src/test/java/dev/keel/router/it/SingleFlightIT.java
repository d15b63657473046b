package dev.keel.router.it;

import dev.keel.schemas.CacheOutcome;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.MessageRole;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;
import dev.keel.sim.Latency;
import dev.keel.sim.SimStats;
import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Fifty prompts sent twice in one burst: identical requests in flight at once share one provider call. */
@ExtendWith(KafkaBrokerExtension.class)
class SingleFlightIT {

    private static final int PROMPTS = 50;
    /** Slow enough that the second copy of a prompt arrives while the first is still being answered. */
    private static final Latency SLOW_FIRST_TOKEN = new Latency(400, 600, 1, 3);

    private static long calls(SimStats stats) {
        return stats.requests().values().stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void shouldCallAProviderOncePerPromptWhenEachPromptIsSentTwiceInOneBurst(KafkaBroker broker) throws Exception {
        try (WorkerStack stack = WorkerStack.start(broker, SLOW_FIRST_TOKEN, c -> c)) {
            // Given
            stack.startWorker("single-flight");
            List<String> ids = new ArrayList<>();
            for (int copy = 0; copy < 2; copy++) {
                for (int i = 0; i < PROMPTS; i++) {
                    String id = "sf-" + i + "-" + copy;
                    ids.add(id);
                    stack.send(PromptRequest.newBuilder(WorkerStack.request(id))
                            .setMessages(List.of(new ChatMessage(MessageRole.user, "Explain invoice " + i + " to the customer."))).build());
                }
            }
            stack.flush();

            // When
            stack.awaitResults(ids, Duration.ofSeconds(60));

            // Then: one call per prompt at the simulators; every request answered, each with its own result
            List<PromptResult> results = stack.firstResults(ids);
            assertThat(results).allSatisfy(r -> assertThat(r.getStatus()).as(r.getRequestId()).isEqualTo(ResultStatus.SUCCESS));
            assertThat(calls(stack.primary.stats()) + calls(stack.secondary.stats())).isEqualTo(PROMPTS);
            assertThat(results.stream().filter(r -> r.getCache() == CacheOutcome.MISS)).hasSize(PROMPTS);
            assertThat(results.stream().filter(r -> r.getCache() == CacheOutcome.HIT)).hasSize(PROMPTS);
            assertThat(results.stream().map(PromptResult::getRequestId).distinct()).hasSize(2 * PROMPTS);
        }
    }
}

package dev.keel.client;

import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.KafkaBrokerExtension;
import dev.keel.testsupport.KeelAssertions;
import dev.keel.testsupport.SimPair;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** KeelClient against a real router worker and provider simulators on the shared broker. */
@ExtendWith(KafkaBrokerExtension.class)
class KeelClientIT {

    @Test
    void shouldCompleteEveryFutureWithItsOwnResultWhenAThousandAreSubmittedAtOnce(KafkaBroker broker) throws Exception {
        try (ClientStack stack = new ClientStack(broker);
             KeelClient client = KeelClient.builder(stack.config).timeout(Duration.ofSeconds(120)).build()) {
            // Given: a thousand prompts of their own (the cache never answers one with another's output)
            Map<String, CompletableFuture<PromptResult>> futures = new HashMap<>();
            for (int i = 0; i < 1_000; i++) {
                String id = "k-" + i + "-" + UUID.randomUUID();
                futures.put(id, client.submit(ClientStack.request(id, "Summarize ticket number " + i + " in one line.")));
            }

            // When
            CompletableFuture.allOf(futures.values().toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);

            // Then: each future holds the result of its own request
            futures.forEach((id, future) -> {
                PromptResult result = future.join();
                KeelAssertions.assertThat(result).hasRequestId(id).isSuccessful();
                assertThat(result.getAttributes()).containsKey(KeelClient.TOKEN_ATTRIBUTE);
            });
            assertThat(client.stats().completed()).isEqualTo(1_000);
            assertThat(client.stats().pending()).isZero();
            assertThat(client.stats().late()).isZero();
        }
    }

    @Test
    void shouldDropLateResultsOfThePreviousIncarnationWhenANamedClientRestarts(KafkaBroker broker) throws Exception {
        try (ClientStack stack = new ClientStack(broker)) {
            String name = KafkaBroker.uniqueName("svc");
            // Given: a named client submits to a slow primary and stops before the answers come
            List<String> ids = new ArrayList<>();
            KeelClient first = KeelClient.builder(stack.config).clientId(name).build();
            String replyTopic = first.replyTopic();
            stack.sims.primary.setLatency(new dev.keel.sim.Latency(5_000, 5_000, 1, 1));
            List<CompletableFuture<PromptResult>> abandoned = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String id = "restart-" + i + "-" + UUID.randomUUID();
                ids.add(id);
                abandoned.add(first.submit(ClientStack.request(id, "Old question " + i)));
            }
            first.close();
            assertThat(abandoned).allSatisfy(f -> assertThat(f).isCompletedExceptionally());

            // When: the successor starts on the same reply topic and submits the first id again, with other text
            // (the worker is still answering the old one, so its old result is the only answer that can come)
            try (KeelClient second = KeelClient.builder(stack.config).clientId(name).build()) {
                assertThat(second.replyTopic()).isEqualTo(replyTopic);
                stack.sims.primary.setLatency(SimPair.FAST);
                PromptRequest again = ClientStack.request(ids.getFirst(), "A different question for a reused id");
                CompletableFuture<PromptResult> fresh = second.submit(again);

                // Then: the old results land on the reply topic and are dropped; the new id is not answered by an old result
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(second.stats().late()).isGreaterThanOrEqualTo(1));
                assertThat(second.stats().completed()).isZero();
                assertThat(fresh).isNotCompleted();
            }
        }
    }

    @Test
    void shouldRefuseAtOnceWhenMaxPendingAreWaiting(KafkaBroker broker) throws Exception {
        try (ClientStack stack = new ClientStack(broker);
             KeelClient client = KeelClient.builder(stack.config).maxPending(3).build()) {
            stack.sims.primary.setLatency(new dev.keel.sim.Latency(2_000, 2_000, 1, 1));
            for (int i = 0; i < 3; i++) {
                client.submit(ClientStack.request("bp-" + i + "-" + UUID.randomUUID(), "Wait " + i));
            }

            CompletableFuture<PromptResult> refused = client.submit(ClientStack.request("bp-x-" + UUID.randomUUID(), "One too many"));

            assertThat(refused).isCompletedExceptionally();
            assertThat(refused.exceptionNow()).isInstanceOf(KeelClientException.Overloaded.class);
            assertThat(client.stats().overloaded()).isEqualTo(1);
        }
    }

    @Test
    void shouldDeleteTheReplyTopicWhenAnAnonymousClientCloses(KafkaBroker broker) throws Exception {
        try (ClientStack stack = new ClientStack(broker)) {
            KeelClient client = KeelClient.builder(stack.config).build();
            String topic = client.replyTopic();
            try (Admin admin = broker.admin()) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(topic);
                PromptResult result = client.submit(ClientStack.request("anon-" + UUID.randomUUID(), "Hello there")).get(60, TimeUnit.SECONDS);
                KeelAssertions.assertThat(result).isSuccessful();

                client.close();

                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(topic));
            }
        }
    }
}

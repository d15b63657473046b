package dev.keel.router.it;

import dev.keel.router.pipeline.DeadLetters;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.KeelSerde;
import dev.keel.schemas.MessageRole;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;
import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.KafkaBrokerExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A few thousand malformed events mixed with good ones: every good one is answered, every
 * unreadable one is in the DLQ with its reason and source, readable-but-invalid ones are REJECTED,
 * and the worker is still serving at the end.
 */
@ExtendWith(KafkaBrokerExtension.class)
class MalformedEventsIT {

    @Test
    void shouldAnswerEveryGoodEventAndDeadLetterEveryBadOneWithItsReason(KafkaBroker broker) throws Exception {
        try (WorkerStack stack = WorkerStack.start(broker)) {
            stack.startWorker("fuzz");
            KeelSerde<PromptRequest> requests = KeelSerde.of(PromptRequest.class);
            byte[] valid = requests.encode(WorkerStack.request("template"));
            Random random = new Random(11);
            String topic = stack.topics.requests().name();
            List<String> good = new ArrayList<>();
            List<String> invalid = new ArrayList<>();
            Map<String, String> badKeys = new HashMap<>();

            // Given: 3,000 events, a third of them bad in assorted ways
            for (int i = 0; i < 3_000; i++) {
                String key = "e-" + i;
                switch (i % 9) {
                    case 0 -> { byte[] b = new byte[1 + random.nextInt(200)]; random.nextBytes(b); stack.sendRaw(topic, key, b); badKeys.put(key, "garbage"); }
                    case 1 -> { stack.sendRaw(topic, key, Arrays.copyOf(valid, 10 + random.nextInt(valid.length - 11))); badKeys.put(key, "truncated"); }
                    case 2 -> { stack.sendRaw(topic, key, "{\"request_id\":\"x\"}".getBytes(StandardCharsets.UTF_8)); badKeys.put(key, "json"); }
                    case 3 -> { stack.sendRaw(topic, key, new byte[0]); badKeys.put(key, "empty"); }
                    case 4 -> {
                        PromptRequest noTenant = PromptRequest.newBuilder(WorkerStack.request(key)).setTenantId("").build();
                        stack.send(noTenant);
                        invalid.add(key);
                    }
                    case 5 -> {
                        PromptRequest badPin = PromptRequest.newBuilder(WorkerStack.request(key)).setPin("tertiary").build();
                        stack.send(badPin);
                        invalid.add(key);
                    }
                    default -> {
                        stack.send(WorkerStack.request(key));
                        good.add(key);
                    }
                }
            }
            stack.flush();

            // When
            stack.awaitResults(good, Duration.ofSeconds(90));
            stack.awaitResults(invalid, Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(30)).until(() -> stack.dlqCollector.records.size() >= badKeys.size());

            // Then: good ones succeed, invalid ones are rejected naming the field
            assertThat(stack.firstResults(good)).extracting(PromptResult::getStatus).containsOnly(ResultStatus.SUCCESS);
            assertThat(stack.firstResults(invalid)).allSatisfy(r -> {
                assertThat(r.getStatus()).isEqualTo(ResultStatus.REJECTED);
                assertThat(r.getError().getCode()).isEqualTo("INVALID_REQUEST");
                assertThat(r.getError().getMessage()).matches("(tenant_id: missing|pin: no provider named 'tertiary'.*)");
            });
            // and every unreadable one is in the DLQ once, with its original bytes, a reason and its source
            assertThat(stack.dlqCollector.records).hasSize(badKeys.size());
            for (ConsumerRecord<byte[], byte[]> dead : stack.dlqCollector.records) {
                String key = new String(dead.key(), StandardCharsets.UTF_8);
                assertThat(badKeys).containsKey(key);
                assertThat(header(dead, DeadLetters.ERROR_CODE)).isIn("EMPTY", "NOT_SINGLE_OBJECT", "TRUNCATED", "MALFORMED", "UNKNOWN_SCHEMA", "INCOMPATIBLE_SCHEMA");
                assertThat(header(dead, DeadLetters.ERROR_MESSAGE)).isNotBlank();
                assertThat(header(dead, DeadLetters.SOURCE_TOPIC)).isEqualTo(stack.topics.requests().name());
                assertThat(header(dead, DeadLetters.SOURCE_OFFSET)).matches("\\d+");
            }
            assertThat(stack.dlqCollector.records).anySatisfy(d -> assertThat(header(d, DeadLetters.ERROR_CODE)).isEqualTo("EMPTY"));
            assertThat(stack.dlqCollector.records).anySatisfy(d -> assertThat(header(d, DeadLetters.ERROR_CODE)).isEqualTo("TRUNCATED"));

            // and the worker still serves
            stack.send(PromptRequest.newBuilder(WorkerStack.request("after-fuzz"))
                    .setMessages(List.of(new ChatMessage(MessageRole.user, "still there?"))).build());
            stack.flush();
            stack.awaitResults(List.of("after-fuzz"), Duration.ofSeconds(30));
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

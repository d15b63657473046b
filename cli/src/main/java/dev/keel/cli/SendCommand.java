package dev.keel.cli;

import dev.keel.config.KeelConfig;
import dev.keel.kafka.KafkaClients;
import dev.keel.kafka.KeelTopics;
import dev.keel.kafka.Topic;
import dev.keel.schemas.CacheMode;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.Decoded;
import dev.keel.schemas.JsonCodec;
import dev.keel.schemas.Lane;
import dev.keel.schemas.MessageRole;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * {@code keel send}: post one prompt to a running stack and print its result. The result partition
 * is the request's (same key, same partitioner), so the command reads only that partition, from its
 * end as it was before sending.
 */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = {"Post one prompt to a running stack and print the PromptResult JSON.",
                "Exit code: 0 for SUCCESS, 1 for FAILED or REJECTED (the result is still printed) or no result in time."})
final class SendCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--tenant", required = true, paramLabel = "TENANT", description = "tenant_id")
    String tenant;

    @Option(names = "--feature", required = true, paramLabel = "FEATURE", description = "feature")
    String feature;

    @Parameters(index = "0", paramLabel = "TEXT", description = "The user message")
    String text;

    @Option(names = "--system", paramLabel = "TEXT", description = "System block (sent with provider prompt caching)")
    String system;

    @Option(names = "--pin", paramLabel = "PROVIDER", description = "Provider to try first (primary, secondary)")
    String pin;

    @Option(names = "--no-failover", description = "Stay on the first provider")
    boolean noFailover;

    @Option(names = "--max-output-tokens", paramLabel = "N", description = "max_output_tokens")
    Integer maxOutputTokens;

    @Option(names = "--max-cost-usd", paramLabel = "USD", description = "Lower the cost cap for this request")
    Double maxCostUsd;

    @Option(names = "--prompt-version", paramLabel = "V", description = "prompt_version (part of the cache key)")
    String promptVersion;

    @Option(names = "--no-cache", description = "cache: BYPASS (skip the cache read)")
    boolean noCache;

    @Option(names = "--batch", description = "Post on the batch lane")
    boolean batch;

    @Option(names = "--attr", paramLabel = "K=V", description = "An attribute tag (repeatable)")
    Map<String, String> attributes = new LinkedHashMap<>();

    @Option(names = "--request-id", paramLabel = "ID", description = "request_id (default: a random UUID)")
    String requestId;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long to wait for the result (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        if (text.isBlank()) {
            throw new UserError("TEXT: the message is empty");
        }
        if (tenant.isBlank() || feature.isBlank()) {
            throw new UserError(tenant.isBlank() ? "--tenant: must not be blank" : "--feature: must not be blank");
        }
        KeelConfig config = options.loadForRunningStack("send");
        KeelTopics topics = KeelTopics.from(config.topics());
        Topic<String, PromptRequest> lane = batch ? topics.requestsBatch() : topics.requests();
        PromptRequest request = request();
        KafkaClients clients = KafkaAccess.clients(config);
        KafkaAccess.requireTopic(clients, lane.name());
        KafkaAccess.requireTopic(clients, topics.results().name());

        try (KafkaConsumer<byte[], byte[]> consumer = clients.bytesConsumer(null, "keel-send");
             var producer = clients.bytesProducer("keel-send")) {
            TopicPartition partition = resultPartition(consumer, topics.results().name(), request.getRequestId());
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            try {
                producer.send(lane.serialized(request.getRequestId(), request)).get();
            } catch (ExecutionException e) {
                throw new UserError("Kafka refused the request: " + e.getCause().getMessage(), ExitCodes.FAILED);
            }
            PromptResult result = awaitResult(consumer, topics.results(), request.getRequestId());
            spec.commandLine().getOut().println(JsonCodec.toPrettyJson(result));
            spec.commandLine().getOut().flush();
            return result.getStatus() == ResultStatus.SUCCESS ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    private PromptRequest request() {
        return PromptRequest.newBuilder()
                .setRequestId(requestId != null ? requestId : UUID.randomUUID().toString())
                .setTenantId(tenant)
                .setFeature(feature)
                .setCreatedAt(System.currentTimeMillis())
                .setPromptVersion(promptVersion)
                .setSystem(system)
                .setMessages(List.of(new ChatMessage(MessageRole.user, text)))
                .setMaxOutputTokens(maxOutputTokens)
                .setPin(pin)
                .setLane(batch ? Lane.BATCH : Lane.INTERACTIVE)
                .setCache(noCache ? CacheMode.BYPASS : CacheMode.DEFAULT)
                .setMaxCostUsd(maxCostUsd)
                .setAttributes(attributes)
                .setFailover(!noFailover)
                .build();
    }

    private static TopicPartition resultPartition(KafkaConsumer<byte[], byte[]> consumer, String topic, String key) {
        int partitions = KafkaAccess.partitionsOf(consumer, topic).size();
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        // The default partitioner for keyed records: murmur2 of the key bytes.
        return new TopicPartition(topic, Utils.toPositive(Utils.murmur2(keyBytes)) % partitions);
    }

    private PromptResult awaitResult(KafkaConsumer<byte[], byte[]> consumer, Topic<String, PromptResult> results, String id) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                if (record.key() == null || !id.equals(new String(record.key(), StandardCharsets.UTF_8)) || record.value() == null) {
                    continue;
                }
                Decoded<PromptResult> decoded = ((dev.keel.schemas.KeelSerde<PromptResult>) results.valueSerde()).decode(record.value());
                if (decoded instanceof Decoded.Ok<PromptResult> ok) {
                    return ok.value();
                }
            }
        }
        throw new UserError("no result for request_id " + id + " within " + timeout.toSeconds()
                + " s (is a worker running? see keel up)", ExitCodes.FAILED);
    }
}

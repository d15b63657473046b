package dev.keel.cli;

import dev.keel.client.KeelClient;
import dev.keel.client.KeelClientException;
import dev.keel.config.KeelConfig;
import dev.keel.kafka.KeelTopics;
import dev.keel.kafka.Topic;
import dev.keel.schemas.CacheMode;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.JsonCodec;
import dev.keel.schemas.Lane;
import dev.keel.schemas.MessageRole;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * {@code keel send}: post one prompt to a running stack and print its result, through an anonymous
 * {@link KeelClient} (its reply topic lives as long as the command). The request carries
 * {@code deadline_ms} = now + {@code --timeout}, so a worker does not spend on an answer nobody reads.
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
        KafkaAccess.requireTopic(KafkaAccess.clients(config), lane.name());

        PromptResult result;
        try (KeelClient client = KeelClient.builder(config).maxPending(1).replyPartitions(1).build()) {
            result = client.submit(request, timeout).get();
        } catch (ExecutionException e) {
            throw switch (e.getCause()) {
                case KeelClientException.TimedOut t -> new UserError("no result for request_id " + request.getRequestId() + " within "
                        + timeout.toSeconds() + " s (is a worker running? see keel up)", ExitCodes.FAILED);
                case KeelClientException.PublishFailed p -> new UserError("Kafka refused the request: "
                        + (p.getCause() == null ? p.getMessage() : p.getCause().getMessage()), ExitCodes.FAILED);
                default -> new UserError(e.getCause().getMessage(), ExitCodes.FAILED);
            };
        }
        spec.commandLine().getOut().println(JsonCodec.toPrettyJson(result));
        spec.commandLine().getOut().flush();
        return result.getStatus() == ResultStatus.SUCCESS ? ExitCodes.OK : ExitCodes.FAILED;
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
}

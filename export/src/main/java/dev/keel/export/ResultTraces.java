package dev.keel.export;

import dev.keel.config.ExportConfig;
import dev.keel.export.internal.KeelSpan;
import dev.keel.export.internal.TraceIds;
import dev.keel.schemas.Attempt;
import dev.keel.schemas.AttemptOutcome;
import dev.keel.schemas.CacheOutcome;
import dev.keel.schemas.Degradation;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultFacts;
import dev.keel.schemas.ResultStatus;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One result → one trace: a root {@code generation} span (picked up → completed) with the model,
 * usage, cost and time to first token (as Langfuse's completion start), and one child span per
 * provider attempt. Attribute names follow the OpenTelemetry GenAI conventions ({@code gen_ai.*})
 * and the ones Langfuse reads ({@code langfuse.trace.*}, {@code langfuse.observation.*}); Keel's own
 * tags are under {@code keel.*}. The output is exported only for the features that opt in
 * ({@code export.content-features}); the rest is {@link #REDACTED}. Results carry no prompt, so none
 * is ever exported. Stateless and thread-safe.
 */
public final class ResultTraces {

    public static final String REDACTED = "[redacted]";

    // Langfuse (https://langfuse.com/integrations/native/opentelemetry#property-mapping)
    public static final AttributeKey<String> OBSERVATION_TYPE = AttributeKey.stringKey("langfuse.observation.type");
    public static final AttributeKey<String> OBSERVATION_LEVEL = AttributeKey.stringKey("langfuse.observation.level");
    public static final AttributeKey<String> OBSERVATION_STATUS_MESSAGE = AttributeKey.stringKey("langfuse.observation.status_message");
    public static final AttributeKey<String> OBSERVATION_OUTPUT = AttributeKey.stringKey("langfuse.observation.output");
    public static final AttributeKey<String> COMPLETION_START = AttributeKey.stringKey("langfuse.observation.completion_start_time");
    public static final AttributeKey<String> USAGE_DETAILS = AttributeKey.stringKey("langfuse.observation.usage_details");
    public static final AttributeKey<String> COST_DETAILS = AttributeKey.stringKey("langfuse.observation.cost_details");
    public static final AttributeKey<String> TRACE_NAME = AttributeKey.stringKey("langfuse.trace.name");
    public static final AttributeKey<List<String>> TRACE_TAGS = AttributeKey.stringArrayKey("langfuse.trace.tags");
    public static final AttributeKey<String> USER_ID = AttributeKey.stringKey("langfuse.user.id");
    // OpenTelemetry GenAI semantic conventions
    public static final AttributeKey<String> GEN_AI_OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    public static final AttributeKey<String> GEN_AI_PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    public static final AttributeKey<String> GEN_AI_REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    public static final AttributeKey<String> GEN_AI_RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    public static final AttributeKey<Long> GEN_AI_INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    public static final AttributeKey<Long> GEN_AI_OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    public static final AttributeKey<Double> GEN_AI_COST = AttributeKey.doubleKey("gen_ai.usage.cost");
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    public static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    // Keel's tags
    public static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("keel.request_id");
    public static final AttributeKey<String> TENANT = AttributeKey.stringKey("keel.tenant_id");
    public static final AttributeKey<String> FEATURE = AttributeKey.stringKey("keel.feature");
    public static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("keel.provider");
    public static final AttributeKey<String> CACHE = AttributeKey.stringKey("keel.cache");
    public static final AttributeKey<String> STATUS = AttributeKey.stringKey("keel.status");
    public static final AttributeKey<String> LANE = AttributeKey.stringKey("keel.lane");
    public static final AttributeKey<Long> QUEUE_MS = AttributeKey.longKey("keel.queue_ms");
    public static final AttributeKey<Long> LATENCY_MS = AttributeKey.longKey("keel.latency_ms");
    public static final AttributeKey<Long> TTFT_MS = AttributeKey.longKey("keel.ttft_ms");
    public static final AttributeKey<List<String>> DEGRADATIONS = AttributeKey.stringArrayKey("keel.degradations");
    public static final AttributeKey<Boolean> BYPASS = AttributeKey.booleanKey("keel.bypass");
    public static final AttributeKey<Boolean> FAILOVER = AttributeKey.booleanKey("keel.failover");
    public static final AttributeKey<String> WORKER = AttributeKey.stringKey("keel.worker_id");
    public static final AttributeKey<String> ATTEMPT_OUTCOME = AttributeKey.stringKey("keel.attempt.outcome");

    private static final InstrumentationScopeInfo SCOPE = InstrumentationScopeInfo.builder("dev.keel.export").setVersion("1").build();

    private final ExportConfig config;
    private final Resource resource;

    public ResultTraces(ExportConfig config) {
        this.config = config;
        this.resource = Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), config.serviceName())));
    }

    /** The spans of one result: the generation first, then its attempts. */
    public List<SpanData> spans(PromptResult r) {
        String traceId = TraceIds.traceId(r.getRequestId());
        SpanContext root = SpanContext.create(traceId, TraceIds.spanId(r.getRequestId(), "generation"), TraceFlags.getSampled(), TraceState.getDefault());
        long completed = r.getCompletedAt();
        long pickedUp = Math.min(completed, r.getCreatedAt() + Math.max(0, r.getQueueMs()));
        boolean failover = ResultFacts.isFailover(r);
        List<SpanData> spans = new ArrayList<>();
        spans.add(new KeelSpan("keel " + r.getFeature(), SpanKind.CLIENT, root, SpanContext.getInvalid(), status(r),
                nanos(pickedUp), nanos(completed), generationAttributes(r, pickedUp, failover), List.of(), SCOPE, resource));
        long start = pickedUp;
        for (int i = 0; i < r.getAttempts().size(); i++) {
            Attempt a = r.getAttempts().get(i);
            long end = Math.min(completed, start + Math.max(0, a.getLatencyMs()));
            SpanContext ctx = SpanContext.create(traceId, TraceIds.spanId(r.getRequestId(), "attempt-" + i), TraceFlags.getSampled(),
                    TraceState.getDefault());
            spans.add(new KeelSpan("attempt " + (i + 1) + " " + a.getProvider(), SpanKind.CLIENT, ctx, root,
                    a.getOutcome() == AttemptOutcome.OK ? StatusData.ok() : StatusData.create(StatusCode.ERROR, a.getOutcome().name()),
                    nanos(start), nanos(end), attemptAttributes(a), List.of(), SCOPE, resource));
            start = end;
        }
        return spans;
    }

    private Attributes generationAttributes(PromptResult r, long pickedUp, boolean failover) {
        String provider = r.getCache() == CacheOutcome.HIT || r.getCache() == CacheOutcome.STALE ? "cache"
                : r.getProvider() == null ? "none" : r.getProvider();
        AttributesBuilder b = Attributes.builder()
                .put(OBSERVATION_TYPE, "generation")
                .put(OBSERVATION_LEVEL, level(r))
                .put(TRACE_NAME, "keel " + r.getFeature())
                .put(TRACE_TAGS, List.of("feature:" + r.getFeature(), "provider:" + provider, "cache:" + lower(r.getCache().name()),
                        "status:" + lower(r.getStatus().name())))
                .put(USER_ID, r.getTenantId())
                .put(GEN_AI_OPERATION, "chat")
                .put(REQUEST_ID, r.getRequestId()).put(TENANT, r.getTenantId()).put(FEATURE, r.getFeature())
                .put(PROVIDER, provider).put(CACHE, r.getCache().name()).put(STATUS, r.getStatus().name())
                .put(LANE, r.getLane().name()).put(QUEUE_MS, r.getQueueMs()).put(LATENCY_MS, r.getLatencyMs())
                .put(BYPASS, r.getBypass()).put(FAILOVER, failover)
                .put(GEN_AI_INPUT_TOKENS, r.getInputTokens()).put(GEN_AI_OUTPUT_TOKENS, r.getOutputTokens())
                .put(GEN_AI_COST, r.getCostUsd())
                .put(USAGE_DETAILS, String.format(Locale.ROOT, "{\"input\":%d,\"output\":%d,\"cache_read\":%d,\"cache_write\":%d}",
                        r.getInputTokens(), r.getOutputTokens(), r.getCacheReadTokens(), r.getCacheWriteTokens()))
                .put(COST_DETAILS, String.format(Locale.ROOT, "{\"total\":%s}", Double.toString(r.getCostUsd())));
        if (r.getProvider() != null) {
            b.put(GEN_AI_PROVIDER, r.getProvider());
        }
        if (r.getModel() != null) {
            b.put(GEN_AI_REQUEST_MODEL, r.getModel()).put(GEN_AI_RESPONSE_MODEL, r.getModel());
        }
        if (r.getTtftMs() != null) {
            b.put(TTFT_MS, r.getTtftMs());
            b.put(COMPLETION_START, Instant.ofEpochMilli(completionStart(r, pickedUp)).toString());
        }
        if (!r.getDegradations().isEmpty()) {
            b.put(DEGRADATIONS, r.getDegradations().stream().map(Degradation::name).toList());
        }
        if (r.getWorkerId() != null) {
            b.put(WORKER, r.getWorkerId());
        }
        if (r.getError() != null) {
            b.put(ERROR_TYPE, r.getError().getCode()).put(OBSERVATION_STATUS_MESSAGE, r.getError().getMessage());
        }
        if (r.getOutput() != null) {
            b.put(OBSERVATION_OUTPUT, config.exportsContentOf(r.getFeature()) ? r.getOutput() : REDACTED);
        }
        return b.build();
    }

    private static Attributes attemptAttributes(Attempt a) {
        AttributesBuilder b = Attributes.builder()
                .put(OBSERVATION_TYPE, "span")
                .put(OBSERVATION_LEVEL, a.getOutcome() == AttemptOutcome.OK ? "DEFAULT" : "WARNING")
                .put(GEN_AI_OPERATION, "chat")
                .put(GEN_AI_PROVIDER, a.getProvider())
                .put(PROVIDER, a.getProvider())
                .put(ATTEMPT_OUTCOME, a.getOutcome().name())
                .put(LATENCY_MS, a.getLatencyMs());
        if (a.getModel() != null) {
            b.put(GEN_AI_REQUEST_MODEL, a.getModel());
        }
        if (a.getHttpStatus() != null) {
            b.put(HTTP_STATUS, (long) a.getHttpStatus());
        }
        if (a.getTtftMs() != null) {
            b.put(TTFT_MS, a.getTtftMs());
        }
        if (a.getOutcome() != AttemptOutcome.OK) {
            b.put(ERROR_TYPE, a.getOutcome().name());
        }
        return b.build();
    }

    /**
     * When the first token arrived: the answering (last) attempt starts after the earlier ones
     * (attempts run one after another), plus its TTFT. Without attempts, picked up + TTFT.
     */
    static long completionStart(PromptResult r, long pickedUp) {
        long start = pickedUp;
        List<Attempt> attempts = r.getAttempts();
        for (int i = 0; i < attempts.size() - 1; i++) {
            start += Math.max(0, attempts.get(i).getLatencyMs());
        }
        return Math.min(r.getCompletedAt(), start + r.getTtftMs());
    }

    private static StatusData status(PromptResult r) {
        return switch (r.getStatus()) {
            case SUCCESS -> StatusData.ok();
            case FAILED, REJECTED -> StatusData.create(StatusCode.ERROR, r.getError() == null ? r.getStatus().name() : r.getError().getCode());
        };
    }

    private static String level(PromptResult r) {
        if (r.getStatus() == ResultStatus.FAILED) {
            return "ERROR";
        }
        return r.getStatus() == ResultStatus.REJECTED || !r.getDegradations().isEmpty() || r.getCache() == CacheOutcome.STALE
                ? "WARNING" : "DEFAULT";
    }

    private static long nanos(long epochMillis) {
        return TimeUnit.MILLISECONDS.toNanos(epochMillis);
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}

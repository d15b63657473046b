package dev.keel.schemas;

import java.util.List;
import java.util.Map;

/** One fully populated instance of every record, for round-trip tests. */
final class Samples {
    private Samples() {
    }

    static PromptRequest request() {
        return PromptRequest.newBuilder()
                .setRequestId("req-1").setTenantId("acme").setFeature("summarize").setCreatedAt(1_700_000_000_000L)
                .setPromptVersion("v3").setSystem("You are terse.")
                .setMessages(List.of(new ChatMessage(MessageRole.user, "Summarize: ünïcode ✓"),
                        new ChatMessage(MessageRole.assistant, "ok")))
                .setMaxOutputTokens(256).setTemperature(0.2).setPin("secondary").setLane(Lane.BATCH)
                .setCache(CacheMode.BYPASS).setMaxCostUsd(0.01).setDeadlineMs(1_700_000_005_000L)
                .setAttributes(Map.of("team", "search", "env", "prod")).setReplyTo("replies.acme").setFailover(false)
                .build();
    }

    static PromptResult result() {
        return PromptResult.newBuilder()
                .setRequestId("req-1").setTenantId("acme").setFeature("summarize").setAttributes(Map.of("team", "search"))
                .setLane(Lane.INTERACTIVE).setStatus(ResultStatus.SUCCESS).setProvider("secondary").setModel("claude-x")
                .setOutput("A summary.").setCache(CacheOutcome.MISS).setDegradations(List.of(Degradation.TRUNCATED_CONTEXT))
                .setAttempts(List.of(
                        new Attempt("primary", "gpt-x", AttemptOutcome.TTFT_TIMEOUT, null, 2000L, null, "no first token in 2s", 0.0),
                        new Attempt("secondary", "claude-x", AttemptOutcome.OK, 200, 900L, 300L, null, 0.0)))
                .setInputTokens(120).setOutputTokens(40).setCacheReadTokens(100).setCacheWriteTokens(0)
                .setCostUsd(0.0021).setLatencyMs(2950).setTtftMs(2300L).setQueueMs(12)
                .setCreatedAt(1_700_000_000_000L).setCompletedAt(1_700_000_002_962L).setBypass(false)
                .setError(null).setWorkerId("worker-1")
                .build();
    }

    static SliSnapshot sli() {
        return SliSnapshot.newBuilder().setScope("feature:summarize").setLane(Lane.INTERACTIVE)
                .setWindowStart(1_700_000_040_000L).setWindowEnd(1_700_000_100_000L).setCount(100).setSuccess(99)
                .setP50Ms(300).setP95Ms(1800).setP99Ms(2600).setUnderLatencyTarget(97).setCostUsdSum(0.9)
                .setAvgCostUsd(0.009).setCacheHits(20).setFailovers(3).setErrorBudgetRemaining(0.87)
                .setLatencySketch(java.nio.ByteBuffer.wrap(new byte[]{2, 42, 120, 17, 0, -1, 3})).build();
    }

    static PageEvent page() {
        return PageEvent.newBuilder().setAlertKey("p95_latency|global").setRule("p95_latency").setSeverity(Severity.PAGE)
                .setState(AlertState.FIRING).setScope("global").setObserved(3100).setThreshold(2500)
                .setWindow("PT15M").setFor$("PT15M").setStartedAt(1_700_000_000_000L).setEvaluatedAt(1_700_000_900_000L)
                .setEmittedAt(1_700_000_901_000L).setSummary("p95 latency is 3.1 s, over the 2.5 s target for 15 minutes.")
                .setRunbook("drills/runbooks/p95-latency.md").build();
    }

    static ControlCommand control() {
        return new ControlCommand("bypass", "true", "alice@oncall", 1_700_000_000_000L);
    }
}

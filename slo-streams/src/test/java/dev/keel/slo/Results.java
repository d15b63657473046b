package dev.keel.slo;

import dev.keel.schemas.Attempt;
import dev.keel.schemas.AttemptOutcome;
import dev.keel.schemas.CacheOutcome;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.Lane;
import dev.keel.schemas.MessageRole;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Test data: results and requests with explicit event times. */
final class Results {

    /** 2030-01-01 10:00 UTC: minute 0 of every fixture. */
    static final long T0 = Instant.parse("2030-01-01T10:00:00Z").toEpochMilli();
    private static final AtomicLong IDS = new AtomicLong();

    private Results() {
    }

    static long minute(double m) {
        return T0 + Math.round(m * 60_000);
    }

    static Builder at(long completedAt) {
        return new Builder(completedAt);
    }

    /** {@code n} results spread evenly over minute {@code m}; the first {@code failures} of them FAILED. */
    static List<PromptResult> spread(int m, int n, int failures, long latencyMs) {
        List<PromptResult> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(at(minute(m) + i * (60_000L / n)).status(i < failures ? ResultStatus.FAILED : ResultStatus.SUCCESS).latency(latencyMs).build());
        }
        return out;
    }

    static PromptRequest request(long createdAt) {
        return PromptRequest.newBuilder()
                .setRequestId("req-" + IDS.incrementAndGet())
                .setTenantId("acme")
                .setFeature("chat")
                .setCreatedAt(createdAt)
                .setMessages(List.of(new ChatMessage(MessageRole.user, "hello")))
                .build();
    }

    static final class Builder {
        private final PromptResult.Builder b;
        private long latency = 500;
        private long queue = 0;

        Builder(long completedAt) {
            b = PromptResult.newBuilder()
                    .setRequestId("r-" + IDS.incrementAndGet())
                    .setTenantId("acme")
                    .setFeature("chat")
                    .setStatus(ResultStatus.SUCCESS)
                    .setProvider("primary")
                    .setModel("gpt-4o-mini")
                    .setCostUsd(0.002)
                    .setCreatedAt(completedAt - 1000)
                    .setCompletedAt(completedAt)
                    .setAttempts(List.of(new Attempt("primary", "gpt-4o-mini", AttemptOutcome.OK, 200, 400L, 100L, null, 0.0)));
        }

        Builder status(ResultStatus s) {
            b.setStatus(s);
            return this;
        }

        Builder latency(long ms) {
            latency = ms;
            return this;
        }

        Builder queue(long ms) {
            queue = ms;
            return this;
        }

        Builder tenant(String t) {
            b.setTenantId(t);
            return this;
        }

        Builder feature(String f) {
            b.setFeature(f);
            return this;
        }

        Builder provider(String p) {
            b.setProvider(p);
            return this;
        }

        Builder cost(double usd) {
            b.setCostUsd(usd);
            return this;
        }

        Builder lane(Lane lane) {
            b.setLane(lane);
            return this;
        }

        Builder cache(CacheOutcome c) {
            b.setCache(c);
            return this;
        }

        Builder output(String text) {
            b.setOutput(text);
            return this;
        }

        Builder error(String code, String message) {
            b.setError(new dev.keel.schemas.ErrorInfo(code, message));
            return this;
        }

        Builder failedOverFrom(String first) {
            b.setAttempts(List.of(new Attempt(first, null, AttemptOutcome.SERVER_ERROR, 500, 100L, null, null, 0.0),
                    new Attempt(b.getProvider(), null, AttemptOutcome.OK, 200, 300L, 80L, null, 0.0)));
            return this;
        }

        PromptResult build() {
            b.setLatencyMs(latency).setQueueMs(queue);
            return b.build();
        }
    }
}

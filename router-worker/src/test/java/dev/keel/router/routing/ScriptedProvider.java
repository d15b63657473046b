package dev.keel.router.routing;

import dev.keel.config.ProviderKind;
import dev.keel.providers.ProviderCall;
import dev.keel.providers.ProviderClient;
import dev.keel.providers.ProviderReply;
import dev.keel.providers.Usage;
import dev.keel.schemas.AttemptOutcome;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/** A provider client that answers from a script, and records the calls it got. */
final class ScriptedProvider implements ProviderClient {

    private final String name;
    private final Deque<Function<ProviderCall, ProviderReply>> script = new ArrayDeque<>();
    private Function<ProviderCall, ProviderReply> otherwise;
    final List<ProviderCall> calls = new ArrayList<>();
    /** Runs before the next call only (a test moves its clock to stand for the call's duration). */
    Runnable onFirstCall = () -> { };

    ScriptedProvider(String name) {
        this.name = name;
        this.otherwise = call -> ok(call, "answer from " + name);
    }

    ScriptedProvider then(AttemptOutcome outcome) {
        script.add(call -> failure(outcome, null));
        return this;
    }

    ScriptedProvider thenRateLimited(Duration retryAfter) {
        script.add(call -> new ProviderReply(AttemptOutcome.RATE_LIMITED, 429, null, null, Usage.NONE, Duration.ofMillis(5), null,
                retryAfter, "rate_limit_exceeded"));
        return this;
    }

    ScriptedProvider thenOk(String output) {
        script.add(call -> ok(call, output));
        return this;
    }

    ScriptedProvider always(AttemptOutcome outcome) {
        otherwise = outcome == AttemptOutcome.OK ? call -> ok(call, "answer from " + name) : call -> failure(outcome, null);
        return this;
    }

    static ProviderReply ok(ProviderCall call, String output) {
        return new ProviderReply(AttemptOutcome.OK, 200, output, call.model(), new Usage(100, 20, 0, 0),
                Duration.ofMillis(300), Duration.ofMillis(120), null, null);
    }

    static ProviderReply failure(AttemptOutcome outcome, Duration retryAfter) {
        Integer status = switch (outcome) {
            case AUTH -> 401;
            case BAD_REQUEST -> 400;
            case SERVER_ERROR -> 503;
            case OVERLOADED -> 529;
            case RATE_LIMITED, QUOTA_EXHAUSTED -> 429;
            case PROTOCOL -> 200;
            default -> null;
        };
        return new ProviderReply(outcome, status, null, null, Usage.NONE, Duration.ofMillis(outcome == AttemptOutcome.TTFT_TIMEOUT ? 2000 : 10),
                null, retryAfter, outcome.name().toLowerCase());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ProviderKind kind() {
        return ProviderKind.OPENAI;
    }

    @Override
    public synchronized ProviderReply call(ProviderCall call) {
        calls.add(call);
        Runnable before = onFirstCall;
        onFirstCall = () -> { };
        before.run();
        Function<ProviderCall, ProviderReply> next = script.isEmpty() ? otherwise : script.poll();
        return next.apply(call);
    }

    @Override
    public void close() {
    }
}

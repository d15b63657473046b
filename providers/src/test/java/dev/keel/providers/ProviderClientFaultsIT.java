package dev.keel.providers;

import dev.keel.config.ProviderKind;
import dev.keel.config.Secret;
import dev.keel.schemas.AttemptOutcome;
import dev.keel.sim.Faults;
import dev.keel.sim.ProviderSim;
import dev.keel.sim.SimSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every fault of provider-sim against both clients, streamed and whole: each maps to its outcome,
 * status and retry-after, and no failure carries output. Real sockets, near-zero simulated latency.
 */
class ProviderClientFaultsIT {

    private static final String KEY = "sk-faults-it-0123456789";
    private static final CallTimeouts TIMEOUTS = new CallTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(6));
    private static ProviderSim sim;
    private static SimBackedClients clients;

    record Mode(ProviderKind kind, boolean stream) {
        @Override
        public String toString() {
            return kind.id() + (stream ? " streamed" : " whole");
        }
    }

    static Stream<Mode> modes() {
        return Stream.of(new Mode(ProviderKind.OPENAI, true), new Mode(ProviderKind.OPENAI, false),
                new Mode(ProviderKind.ANTHROPIC, true), new Mode(ProviderKind.ANTHROPIC, false));
    }

    static Stream<Mode> streamedModes() {
        return modes().filter(Mode::stream);
    }

    @BeforeAll
    static void start() {
        sim = ProviderSim.start(SimSettings.defaults("faults-it").withAcceptedKeys(List.of(KEY)));
        clients = new SimBackedClients(sim, KEY, null);
    }

    @AfterAll
    static void stop() {
        clients.close();
        sim.close();
    }

    @AfterEach
    void reset() {
        sim.reset();
        clients.key.set(Secret.of(KEY));
    }

    private static ProviderReply call(Mode mode) {
        return call(mode, TIMEOUTS);
    }

    private static ProviderReply call(Mode mode, CallTimeouts timeouts) {
        return clients.of(mode.kind()).call(SimBackedClients.call(mode.kind(), mode.stream(), timeouts));
    }

    private static void assertFailure(ProviderReply reply, AttemptOutcome outcome, Integer status) {
        assertThat(reply.outcome()).as("outcome of %s", reply).isEqualTo(outcome);
        assertThat(reply.httpStatus()).as("status of %s", reply).isEqualTo(status);
        assertThat(reply.output()).isNull();
        assertThat(reply.detail()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void shouldReturnOutputUsageAndModelWhenNothingGoesWrong(Mode mode) {
        // When
        ProviderReply reply = call(mode);

        // Then
        assertThat(reply.outcome()).isEqualTo(AttemptOutcome.OK);
        assertThat(reply.httpStatus()).isEqualTo(200);
        assertThat(reply.output()).isNotBlank();
        assertThat(reply.model()).isEqualTo(SimBackedClients.modelOf(mode.kind()));
        assertThat(reply.usage().inputTokens()).isPositive();
        assertThat(reply.usage().outputTokens()).isPositive();
        assertThat(reply.detail()).isNull();
        if (mode.stream()) {
            assertThat(reply.ttft()).isNotNull().isLessThanOrEqualTo(reply.latency());
        } else {
            assertThat(reply.ttft()).isNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void shouldMapServerErrorWhenProviderAnswers500(Mode mode) {
        sim.setFaults(Faults.NONE.withErrors(1.0, 500));
        assertFailure(call(mode), AttemptOutcome.SERVER_ERROR, 500);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void shouldMapServerErrorWhenProviderAnswers503(Mode mode) {
        sim.setFaults(Faults.NONE.withErrors(1.0, 503));
        assertFailure(call(mode), AttemptOutcome.SERVER_ERROR, 503);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void shouldMapBadRequestWhenProviderAnswers400(Mode mode) {
        sim.setFaults(Faults.NONE.withErrors(1.0, 400));
        assertFailure(call(mode), AttemptOutcome.BAD_REQUEST, 400);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void shouldMapRateLimitedWithRetryAfterWhen429Storm(Mode mode) {
        // Given
        sim.setFaults(Faults.NONE.withRateLimits(1.0, 1500, false));

        // When
        ProviderReply reply = call(mode);

        // Then: OpenAI sends retry-after-ms (exact), Anthropic whole seconds (rounded up)
        assertFailure(reply, AttemptOutcome.RATE_LIMITED, 429);
        assertThat(reply.retryAfter()).isEqualTo(mode.kind() == ProviderKind.OPENAI ? Duration.ofMillis(1500) : Duration.ofSeconds(2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void shouldMapQuotaExhaustedWithoutRetryAfterWhenQuotaIsGone(Mode mode) {
        // Given
        sim.setFaults(Faults.NONE.withRateLimits(1.0, 1500, true));

        // When
        ProviderReply reply = call(mode);

        // Then
        assertFailure(reply, AttemptOutcome.QUOTA_EXHAUSTED, 429);
        assertThat(reply.retryAfter()).isNull();
        assertThat(reply.detail()).isIn("insufficient_quota", "rate_limit_error/enforced_spend_limit_reached");
        assertThat(FailurePolicy.DEFAULT.retriesInGroup(reply.outcome())).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void shouldMapOverloadedWhenProviderAnswers529(Mode mode) {
        sim.setFaults(Faults.NONE.withOverload(1.0));
        assertFailure(call(mode), AttemptOutcome.OVERLOADED, 529);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void shouldMapAuthWhenKeyIsRevokedAndRecoverWhenRotated(Mode mode) {
        // Given
        sim.revokeKeys();

        // When
        ProviderReply revoked = call(mode);
        sim.acceptKey("sk-rotated-key-987654321", false);
        clients.key.set(Secret.of("sk-rotated-key-987654321"));
        ProviderReply rotated = call(mode);

        // Then
        assertFailure(revoked, AttemptOutcome.AUTH, 401);
        assertThat(rotated.outcome()).isEqualTo(AttemptOutcome.OK);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streamedModes")
    void shouldTimeOutFirstTokenWhenStreamStallsBeforeContent(Mode mode) {
        // Given: start events and pings arrive, content does not
        sim.setFaults(Faults.NONE.withTtftStall(1.0, 10_000));
        CallTimeouts timeouts = new CallTimeouts(Duration.ofMillis(300), Duration.ofSeconds(3), Duration.ofSeconds(6));

        // When
        ProviderReply reply = call(mode, timeouts);

        // Then: bounded by the TTFT timeout, not the stall (real time, generous upper bound)
        assertFailure(reply, AttemptOutcome.TTFT_TIMEOUT, 200);
        assertThat(reply.ttft()).isNull();
        assertThat(reply.latency()).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofSeconds(3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void shouldTimeOutTotalWhenWholeAnswerStallsOrTtftStalls(Mode mode) {
        // Given
        sim.setFaults(Faults.NONE.withTtftStall(1.0, 10_000));
        CallTimeouts timeouts = new CallTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(400));

        // When
        ProviderReply reply = call(mode, timeouts);

        // Then: the total limit wins over the longer TTFT limit
        assertFailure(reply, AttemptOutcome.TIMEOUT, mode.stream() ? 200 : null);
        assertThat(reply.latency()).isGreaterThanOrEqualTo(Duration.ofMillis(400)).isLessThan(Duration.ofSeconds(3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streamedModes")
    void shouldTimeOutIdleWhenStreamStallsMidway(Mode mode) {
        // Given
        sim.setFaults(Faults.NONE.withMidStreamStall(1.0, 10_000));
        CallTimeouts timeouts = new CallTimeouts(Duration.ofSeconds(3), Duration.ofMillis(300), Duration.ofSeconds(6));

        // When
        ProviderReply reply = call(mode, timeouts);

        // Then
        assertFailure(reply, AttemptOutcome.TIMEOUT, 200);
        assertThat(reply.ttft()).isNotNull();
        assertThat(reply.detail()).contains("idle");
        assertThat(reply.latency()).isLessThan(Duration.ofSeconds(3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void shouldMapOverloadedWhenErrorEventArrivesInside200(Mode mode) {
        sim.setFaults(Faults.NONE.withErrorEvents(1.0, "overloaded_error"));
        ProviderReply reply = call(mode);
        assertFailure(reply, AttemptOutcome.OVERLOADED, 200);
        assertThat(reply.detail()).isEqualTo("in-stream overloaded_error");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void shouldMapServerErrorWhenApiErrorEventArrivesInside200(Mode mode) {
        sim.setFaults(Faults.NONE.withErrorEvents(1.0, "api_error"));
        assertFailure(call(mode), AttemptOutcome.SERVER_ERROR, 200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void shouldMapProtocolWhenUnknownErrorEventArrivesInside200(Mode mode) {
        sim.setFaults(Faults.NONE.withErrorEvents(1.0, "mystery_error"));
        assertFailure(call(mode), AttemptOutcome.PROTOCOL, 200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void shouldMapProtocolNeverOkWhenStreamOrBodyIsTruncated(Mode mode) {
        // Given
        sim.setFaults(Faults.NONE.withTruncation(1.0));

        // When
        ProviderReply reply = call(mode);

        // Then
        assertFailure(reply, AttemptOutcome.PROTOCOL, 200);
        if (mode.stream()) {
            assertThat(reply.detail()).startsWith("stream ended without");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void shouldMapProtocolWhenJsonIsMalformed(Mode mode) {
        sim.setFaults(Faults.NONE.withMalformed(1.0));
        assertFailure(call(mode), AttemptOutcome.PROTOCOL, 200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void shouldMapProtocolWhenContentTypeIsWrong(Mode mode) {
        sim.setFaults(Faults.NONE.withWrongContentType(1.0));
        ProviderReply reply = call(mode);
        assertFailure(reply, AttemptOutcome.PROTOCOL, 200);
        assertThat(reply.detail()).isEqualTo("unexpected content-type text/html");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void shouldMapNetworkWhenConnectionIsReset(Mode mode) {
        // Given
        sim.setFaults(Faults.NONE.withResets(1.0));

        // When
        ProviderReply reply = call(mode);

        // Then: streamed, the RST may overtake the headers already sent (the kernel drops unread data)
        assertThat(reply.outcome()).isEqualTo(AttemptOutcome.NETWORK);
        assertThat(reply.output()).isNull();
        assertThat(reply.detail()).isEqualTo("connection reset");
        if (mode.stream()) {
            assertThat(reply.httpStatus()).isIn(200, null);
        } else {
            assertThat(reply.httpStatus()).isNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void shouldMapNetworkWhenPortIsClosedAndRecoverWhenItReopens(Mode mode) {
        // Given
        int port = sim.port();
        sim.outage(true);

        // When: a pooled connection is reset by the outage, a new one is refused
        ProviderReply first = call(mode);
        ProviderReply down = call(mode);
        sim.outage(false);
        ProviderReply back = call(mode);

        // Then
        assertFailure(first, AttemptOutcome.NETWORK, null);
        assertThat(first.detail()).isIn("connection refused", "connection reset");
        assertFailure(down, AttemptOutcome.NETWORK, null);
        assertThat(down.detail()).isEqualTo("connection refused");
        assertThat(sim.port()).isEqualTo(port);
        assertThat(back.outcome()).isEqualTo(AttemptOutcome.OK);
    }
}

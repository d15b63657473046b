package dev.keel.providers;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.keel.config.ProviderKind;
import dev.keel.config.Secret;
import dev.keel.schemas.AttemptOutcome;
import dev.keel.sim.Faults;
import dev.keel.sim.ProviderSim;
import dev.keel.sim.SimSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The API key goes on the wire in its auth header and nowhere else: not in a log line at any level
 * (TRACE included), not in a reply, not in an exception, whatever fails.
 */
class SecretsNeverLeakIT {

    private static final String KEY = "sk-proj-CANARY-7f3a9c1e5b2d4f6a8c0e";
    private static final CallTimeouts TIMEOUTS = new CallTimeouts(Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofMillis(800));

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger keelLogger = (Logger) LoggerFactory.getLogger("dev.keel");
    private Level previousLevel;
    private boolean previousAdditive;
    private ProviderSim sim;
    private SimBackedClients clients;

    @BeforeEach
    void start() {
        previousLevel = keelLogger.getLevel();
        previousAdditive = keelLogger.isAdditive();
        keelLogger.setLevel(Level.TRACE);
        keelLogger.setAdditive(false); // captured here, kept off the console
        appender.start();
        keelLogger.addAppender(appender);
        sim = ProviderSim.start(SimSettings.defaults("secrets-it").withAcceptedKeys(List.of(KEY)));
        clients = new SimBackedClients(sim, KEY, null);
    }

    @AfterEach
    void stop() {
        clients.close();
        sim.close();
        keelLogger.detachAppender(appender);
        keelLogger.setLevel(previousLevel);
        keelLogger.setAdditive(previousAdditive);
    }

    @ParameterizedTest
    @EnumSource(ProviderKind.class)
    void shouldKeepKeyOutOfLogsRepliesAndExceptionsWhenFailingInEveryWay(ProviderKind kind) {
        // Given
        List<UnaryOperator<Faults>> faults = List.of(
                f -> f, f -> f.withErrors(1, 500), f -> f.withErrors(1, 400), f -> f.withRateLimits(1, 100, false),
                f -> f.withRateLimits(1, 100, true), f -> f.withOverload(1), f -> f.withTtftStall(1, 5000),
                f -> f.withMidStreamStall(1, 5000), f -> f.withErrorEvents(1, "overloaded_error"), f -> f.withTruncation(1),
                f -> f.withMalformed(1), f -> f.withWrongContentType(1), f -> f.withResets(1));
        List<ProviderReply> replies = new ArrayList<>();

        // When: every fault, streamed and whole, then a revoked key, then an outage
        for (UnaryOperator<Faults> fault : faults) {
            sim.setFaults(fault.apply(Faults.NONE));
            for (boolean stream : new boolean[]{true, false}) {
                assertThatCode(() -> replies.add(clients.of(kind).call(SimBackedClients.call(kind, stream, TIMEOUTS))))
                        .doesNotThrowAnyException();
            }
        }
        sim.setFaults(Faults.NONE);
        sim.revokeKeys();
        replies.add(clients.of(kind).call(SimBackedClients.call(kind, true, TIMEOUTS)));
        sim.outage(true);
        replies.add(clients.of(kind).call(SimBackedClients.call(kind, false, TIMEOUTS)));
        clients.key.set(Secret.of(KEY));

        // Then
        assertThat(replies).hasSize(faults.size() * 2 + 2);
        assertThat(replies).extracting(ProviderReply::outcome).contains(AttemptOutcome.OK, AttemptOutcome.AUTH,
                AttemptOutcome.NETWORK, AttemptOutcome.RATE_LIMITED, AttemptOutcome.QUOTA_EXHAUSTED, AttemptOutcome.PROTOCOL,
                AttemptOutcome.TTFT_TIMEOUT, AttemptOutcome.TIMEOUT, AttemptOutcome.OVERLOADED, AttemptOutcome.SERVER_ERROR,
                AttemptOutcome.BAD_REQUEST);
        assertThat(replies).allSatisfy(reply -> {
            assertThat(reply.toString()).doesNotContain(KEY);
            assertThat(String.valueOf(reply.detail())).doesNotContain(KEY);
            assertThat(String.valueOf(reply.output())).doesNotContain(KEY);
        });
        assertThat(appender.list).as("the clients logged at DEBUG/TRACE, so the check below means something").isNotEmpty();
        assertThat(appender.list).allSatisfy(event -> assertThat(rendered(event)).doesNotContain(KEY));
        assertThat(clients.of(kind).toString()).doesNotContain(KEY);
    }

    private static String rendered(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getFormattedMessage());
        if (event.getArgumentArray() != null) {
            text.append(Arrays.deepToString(event.getArgumentArray()));
        }
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            text.append(ThrowableProxyUtil.asString(thrown));
        }
        event.getMDCPropertyMap().forEach((k, v) -> text.append(k).append(v));
        return text.toString();
    }
}

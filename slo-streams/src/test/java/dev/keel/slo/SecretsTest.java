package dev.keel.slo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.keel.config.SloConfig;
import dev.keel.schemas.JsonCodec;
import dev.keel.schemas.ResultStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.InstantSource;

import static dev.keel.slo.Results.at;
import static dev.keel.slo.Results.minute;
import static org.assertj.core.api.Assertions.assertThat;

/** What the SLO engine emits, logs and serves never carries a prompt, an output or an error text. */
class SecretsTest {

    private static final String CANARY = "sk-live-CANARY-0123456789";

    @TempDir
    Path state;

    @Test
    void shouldKeepSecretsOutOfLogsEventsAndStatusWhenResultsCarryThem() throws Exception {
        // Given every log line of Keel and Kafka captured, down to DEBUG
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        root.addAppender(logs);
        root.setLevel(Level.DEBUG);
        try (SloHarness slo = new SloHarness(SloConfig.defaults(), state)) {
            // When results carry a key-like string in their output and error, and one is late and one undecodable
            for (int i = 0; i < 40; i++) {
                slo.result(at(minute(0) + i * 1000L).status(i % 2 == 0 ? ResultStatus.FAILED : ResultStatus.SUCCESS)
                        .output("the key is " + CANARY).error("AUTH", "invalid api key " + CANARY).build());
            }
            slo.result(at(minute(2) + 10_000).build());
            slo.result(at(minute(0.5)).output(CANARY).build());
            slo.rawResult(("{\"output\":\"" + CANARY + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String status = StatusSnapshot.JSON.writeValueAsString(((StatusReading.Ready) new StoreStatusSource(
                    () -> slo.store(SloTopology.STATUS_STORE), () -> slo.store(SloTopology.META_STORE), slo.metrics,
                    InstantSource.system()).read()).snapshot());

            // Then no SLI, page, status or log line contains it
            assertThat(slo.pages()).isNotEmpty().allSatisfy(p -> assertThat(JsonCodec.toJson(p)).doesNotContain(CANARY));
            assertThat(slo.slis()).isNotEmpty().allSatisfy(s -> assertThat(JsonCodec.toJson(s)).doesNotContain(CANARY));
            assertThat(status).doesNotContain(CANARY);
            assertThat(logs.list).isNotEmpty().allSatisfy(e -> {
                assertThat(e.getFormattedMessage()).doesNotContain(CANARY);
                assertThat(e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage()).doesNotContainIgnoringCase(CANARY);
            });
        } finally {
            root.detachAppender(logs);
            root.setLevel(before);
        }
    }
}

package dev.keel.export;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.keel.config.ConfigPrinter;
import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.KafkaBrokerExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;

import static dev.keel.export.ExportFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(KafkaBrokerExtension.class)
class TraceExporterIT {

    private static final Duration CEILING = Duration.ofSeconds(60);

    @Test
    void shouldSendOneTraceWithAGenerationAndItsAttemptsWhenAResultArrives(KafkaBroker broker) {
        try (OtlpReceiver receiver = OtlpReceiver.start();
             ExportFixture fixture = new ExportFixture(broker, receiver.endpoint(), List.of())) {
            // Given
            fixture.publish(ExportFixture.failover("r-failover", "summarize", "an answer"));
            fixture.publish(ExportFixture.cacheHit("r-cache", "summarize"));
            fixture.publish(ExportFixture.rejected("r-rejected", "chat"));

            // When
            try (TraceExporter exporter = TraceExporter.start(fixture.config, new SimpleMeterRegistry())) {
                await().atMost(CEILING).untilAsserted(() -> assertThat(receiver.generations()).hasSize(3));
            }

            // Then: one trace per result, ids derived from the request id
            assertThat(receiver.generations()).extracting(OtlpReceiver.Received::traceId).doesNotHaveDuplicates();
            OtlpReceiver.Received gen = receiver.generations().stream().filter(s -> "r-failover".equals(s.attr("keel.request_id")))
                    .findFirst().orElseThrow();
            assertThat(gen.attr("gen_ai.request.model")).isEqualTo("claude-sim");
            assertThat(gen.attr("gen_ai.provider.name")).isEqualTo("secondary");
            assertThat(gen.attr("gen_ai.usage.input_tokens")).isEqualTo("120");
            assertThat(gen.attr("gen_ai.usage.output_tokens")).isEqualTo("40");
            assertThat(gen.attr("gen_ai.usage.cost")).isEqualTo("0.0021");
            assertThat(gen.attr("langfuse.observation.usage_details")).contains("\"cache_read\":64");
            assertThat(gen.attr("langfuse.observation.cost_details")).isEqualTo("{\"total\":0.0021}");
            assertThat(gen.attr("langfuse.user.id")).isEqualTo("acme");
            assertThat(gen.attr("langfuse.trace.tags")).isEqualTo("feature:summarize,provider:secondary,cache:miss,status:success");
            assertThat(gen.attr("keel.tenant_id")).isEqualTo("acme");
            assertThat(gen.attr("keel.feature")).isEqualTo("summarize");
            assertThat(gen.attr("keel.cache")).isEqualTo("MISS");
            assertThat(gen.attr("keel.status")).isEqualTo("SUCCESS");
            assertThat(gen.attr("keel.failover")).isEqualTo("true");
            // picked up at created + queue, ended at completed; first token = after the first attempt (2,000 ms) + TTFT (300 ms)
            assertThat(gen.startNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(T0 + 20));
            assertThat(gen.endNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(T0 + 20 + 2800));
            assertThat(gen.attr("langfuse.observation.completion_start_time")).isEqualTo(Instant.ofEpochMilli(T0 + 20 + 2000 + 300).toString());
            List<OtlpReceiver.Received> attempts = receiver.spans.stream().filter(s -> s.traceId().equals(gen.traceId()) && !s.equals(gen)).toList();
            assertThat(attempts).extracting(s -> s.attr("keel.attempt.outcome")).containsExactly("TTFT_TIMEOUT", "OK");
            assertThat(attempts).allSatisfy(a -> assertThat(a.parentSpanId()).isEqualTo(gen.spanId()));
            OtlpReceiver.Received rejected = receiver.generations().stream().filter(s -> "r-rejected".equals(s.attr("keel.request_id")))
                    .findFirst().orElseThrow();
            assertThat(rejected.attr("langfuse.observation.level")).isEqualTo("WARNING");
            assertThat(rejected.attr("error.type")).isEqualTo("BUDGET_EXCEEDED");
            assertThat(receiver.authorizations).isNotEmpty().allSatisfy(a -> assertThat(a).isEqualTo("Basic "
                    + Base64.getEncoder().encodeToString((ExportFixture.PUBLIC_KEY + ":" + ExportFixture.SECRET_KEY).getBytes(StandardCharsets.UTF_8))));
        }
    }

    @Test
    void shouldLoseNothingWhenTheReceiverRefusesAndThenIsDownForAWhile(KafkaBroker broker) {
        try (OtlpReceiver receiver = OtlpReceiver.start();
             ExportFixture fixture = new ExportFixture(broker, receiver.endpoint(), List.of())) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            try (TraceExporter exporter = TraceExporter.start(fixture.config, meters)) {
                // Given: the backend answers 503
                receiver.refuse(true);
                for (int i = 0; i < 20; i++) {
                    fixture.publish(ExportFixture.failover("r-" + i, "summarize", "x"));
                }
                await().atMost(CEILING).until(() -> meters.get("keel.export.refusals").counter().count() >= 2);
                // ... then is not there at all
                receiver.stop();
                for (int i = 20; i < 40; i++) {
                    fixture.publish(ExportFixture.failover("r-" + i, "summarize", "x"));
                }
                double refusals = meters.get("keel.export.refusals").counter().count();
                await().atMost(CEILING).until(() -> meters.get("keel.export.refusals").counter().count() >= refusals + 2);
                assertThat(receiver.generations()).isEmpty();

                // When: it comes back
                receiver.refuse(false);
                receiver.restart();

                // Then: every result arrives
                await().atMost(CEILING).untilAsserted(() -> assertThat(receiver.generations().stream().map(s -> s.attr("keel.request_id"))
                        .collect(Collectors.toSet())).hasSize(40));
                assertThat(exporter.exportedResults()).isEqualTo(40);
            }
        }
    }

    @Test
    void shouldRedactOutputsUnlessTheFeatureOptsIn(KafkaBroker broker) {
        try (OtlpReceiver receiver = OtlpReceiver.start();
             ExportFixture fixture = new ExportFixture(broker, receiver.endpoint(), List.of("open-feature"))) {
            // Given
            fixture.publish(ExportFixture.failover("r-private", "private-feature", "PRIVATE ANSWER about the customer"));
            fixture.publish(ExportFixture.failover("r-open", "open-feature", "open answer"));

            // When
            try (TraceExporter exporter = TraceExporter.start(fixture.config, new SimpleMeterRegistry())) {
                await().atMost(CEILING).untilAsserted(() -> assertThat(receiver.generations()).hasSize(2));
            }

            // Then
            assertThat(receiver.generations()).extracting(s -> s.attr("keel.feature") + "=" + s.attr("langfuse.observation.output"))
                    .containsExactlyInAnyOrder("private-feature=" + ResultTraces.REDACTED, "open-feature=open answer");
            assertThat(receiver.bodies).noneMatch(body -> new String(body, StandardCharsets.ISO_8859_1).contains("PRIVATE ANSWER"));
        }
    }

    @Test
    void shouldResendNothingAlreadyAcceptedWhenRestarted(KafkaBroker broker) {
        try (OtlpReceiver receiver = OtlpReceiver.start();
             ExportFixture fixture = new ExportFixture(broker, receiver.endpoint(), List.of())) {
            // Given: five results exported, then the exporter stops
            for (int i = 0; i < 5; i++) {
                fixture.publish(ExportFixture.failover("first-" + i, "summarize", "x"));
            }
            try (TraceExporter exporter = TraceExporter.start(fixture.config, new SimpleMeterRegistry())) {
                await().atMost(CEILING).untilAsserted(() -> assertThat(receiver.generations()).hasSize(5));
            }
            for (int i = 0; i < 3; i++) {
                fixture.publish(ExportFixture.failover("second-" + i, "summarize", "x"));
            }

            // When: a new exporter in the same group starts
            try (TraceExporter exporter = TraceExporter.start(fixture.config, new SimpleMeterRegistry())) {
                await().atMost(CEILING).untilAsserted(() -> assertThat(receiver.generations()).hasSize(8));
                // Then: only the three new ones were sent (a later re-send would show as a duplicate span id)
                await().during(Duration.ofSeconds(2)).atMost(CEILING).until(() -> exporter.exportedResults() == 3);
            }
            assertThat(receiver.generations()).extracting(OtlpReceiver.Received::spanId).doesNotHaveDuplicates();
        }
    }

    @Test
    void shouldNeverLogOrPrintTheSecretKeyWhenTheBackendFails(KafkaBroker broker) {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        List<String> julLines = new ArrayList<>();
        Handler jul = new Handler() {
            @Override
            public void publish(LogRecord record) {
                julLines.add(record.getMessage() + " " + record.getParameters() + " " + record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger.getLogger("").addHandler(jul);
        try (OtlpReceiver receiver = OtlpReceiver.start();
             ExportFixture fixture = new ExportFixture(broker, receiver.endpoint(), List.of())) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            receiver.stop();
            fixture.publish(ExportFixture.failover("r-secret", "summarize", "x"));
            try (TraceExporter exporter = TraceExporter.start(fixture.config, meters)) {
                await().atMost(CEILING).until(() -> meters.get("keel.export.refusals").counter().count() >= 2);
            }

            assertThat(logs.list).isNotEmpty();
            assertThat(logs.list).noneMatch(e -> e.getFormattedMessage().contains(ExportFixture.SECRET_KEY));
            assertThat(julLines).noneMatch(line -> line.contains(ExportFixture.SECRET_KEY));
            assertThat(ConfigPrinter.toYaml(fixture.config)).doesNotContain(ExportFixture.SECRET_KEY);
            assertThat(fixture.config.export().toString()).doesNotContain(ExportFixture.SECRET_KEY);
        } finally {
            root.detachAppender(logs);
            java.util.logging.Logger.getLogger("").removeHandler(jul);
        }
    }
}

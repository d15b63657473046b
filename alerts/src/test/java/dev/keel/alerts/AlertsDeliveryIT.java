package dev.keel.alerts;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.config.AlertRetryConfig;
import dev.keel.config.AlertSinkConfig;
import dev.keel.config.AlertSinkKind;
import dev.keel.config.AlertsConfig;
import dev.keel.config.KeelConfig;
import dev.keel.config.Secret;
import dev.keel.config.SloSeverity;
import dev.keel.kafka.KafkaClients;
import dev.keel.kafka.KeelTopics;
import dev.keel.schemas.PageEvent;
import dev.keel.schemas.Severity;
import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.KafkaBrokerExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.keel.alerts.FakeEndpoint.Answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code keel alerts} against local servers that answer like PagerDuty (202, 400, 429), Slack (200 ok,
 * 429 with Retry-After), a client's webhook and a webhook that is down, on a real broker.
 */
@ExtendWith(KafkaBrokerExtension.class)
class AlertsDeliveryIT {

    private static final String ROUTING_KEY = "R0UTINGKEY-canary-0123456789abcdef";
    private static final String SLACK_TOKEN = "XOXB-canary-slack-token-777";
    private static final String HMAC_KEY = "hmac-canary-key-0123456789";
    private static final String DEAD_TOKEN = "dead-hook-canary-token-42";
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeEndpoint pagerDuty;
    private FakeEndpoint pagerDutyInvalid;
    private FakeEndpoint slack;
    private FakeEndpoint acmeHook;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void servers() throws Exception {
        // PagerDuty: every odd call is rate limited (429), the retry is accepted (202)
        pagerDuty = new FakeEndpoint((n, body) -> n % 2 == 1 ? Answer.of(429, "{\"status\":\"throttled\"}")
                : Answer.of(202, "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"k\"}"));
        // A PagerDuty integration that refuses the event: 400 with its reason (and it echoes the key, which must be masked)
        pagerDutyInvalid = new FakeEndpoint((n, body) -> Answer.of(400, "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\","
                + "\"errors\":[\"Length of 'routing_key' is incorrect: " + ROUTING_KEY + "\"]}"));
        // Slack: the first call is rate limited with Retry-After: 1, then 200 ok
        slack = new FakeEndpoint((n, body) -> n == 1 ? new Answer(429, "rate_limited", Map.of("Retry-After", "1")) : Answer.of(200, "ok"));
        acmeHook = new FakeEndpoint((n, body) -> Answer.of(204, ""));
        logs.start();
        root.addAppender(logs);
        root.setLevel(Level.INFO);
        ((Logger) LoggerFactory.getLogger("dev.keel")).setLevel(Level.DEBUG);
    }

    @AfterEach
    void stop() {
        root.detachAppender(logs);
        root.setLevel(Level.INFO);
        List.of(pagerDuty, pagerDutyInvalid, slack, acmeHook).forEach(FakeEndpoint::close);
    }

    @Test
    void shouldDeliverEveryPageOnceToEachLiveSinkWhileADeadSinkGivesUpOnItsOwn(KafkaBroker broker) throws Exception {
        // Given five sinks, one of them down, and six page transitions plus a duplicate of the first
        KeelConfig config = config(broker, Duration.ofSeconds(4), Duration.ofSeconds(10));
        List<PageEvent> pages = dayOfPages();
        StringWriter console = new StringWriter();
        try (AlertsService alerts = AlertsService.start(config, AlertsService.Options.defaults(new PrintWriter(console)))) {
            // When they are published
            publish(config, pages);
            publish(config, List.of(pages.getFirst()));

            // Then the live sinks have each of their pages exactly once, before the dead sink has given up
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(deliveredKeys(pagerDuty)).containsExactlyInAnyOrderElementsOf(ids(pages, p -> p.getSeverity() == Severity.PAGE));
                assertThat(slackDelivered()).hasSize(pages.size());
                assertThat(acmeHook.accepted()).hasSize(2);
            });
            assertThat(alerts.metrics().backlogOf("hook-down")).as("the dead sink is still retrying").isPositive();
            assertThat(alerts.undelivered()).noneMatch(e -> e.sink().equals("hook-down"));

            // And the dead sink gives up on each page for good, recorded with its reason, and everything commits
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(alerts.undelivered()).filteredOn(e -> e.sink().equals("hook-down")).hasSize(pages.size());
                assertThat(alerts.committedRecords()).isPositive();
                assertThat(committedOffsets(broker, config)).isEqualTo(pages.size() + 1);
            });
            assertThat(alerts.undelivered()).filteredOn(e -> e.sink().equals("hook-down"))
                    .allSatisfy(e -> assertThat(e.reason()).startsWith("gave up after").contains("ConnectException"));
            // PagerDuty's 400 is final: one attempt per page, the reason recorded and the echoed key masked
            assertThat(pagerDutyInvalid.requests()).hasSize(2);
            assertThat(alerts.undelivered()).filteredOn(e -> e.sink().equals("pd-invalid")).hasSize(2)
                    .allSatisfy(e -> assertThat(e.reason()).contains("HTTP 400").contains("Event object is invalid")
                            .contains("routing_key").doesNotContain(ROUTING_KEY).contains("****"));
            // The duplicate was seen and not sent again
            assertThat(alerts.metrics().duplicates("pd")).isEqualTo(1);
            assertThat(alerts.metrics().duplicates("slack")).isEqualTo(1);
            assertThat(console.toString().lines().filter(l -> l.contains("PAGE >>") || l.contains("PAGE <<"))).hasSize(pages.size());
        }

        // And the payloads are what each service documents, field by field
        checkPagerDuty(pages);
        checkSlack();
        checkWebhook(pages);
        // And no secret reached a log line
        assertNoSecretsIn(logs.list);
    }

    @Test
    void shouldNeitherRepageNorDropWhenRestartedMidStream(KafkaBroker broker) throws Exception {
        // Given the first half of the pages delivered to the live sinks by a first run of keel alerts, which then stops
        // while the dead sink still retries them (so their offsets are not committed)
        KeelConfig firstRun = config(broker, Duration.ofSeconds(60), Duration.ofMillis(300));
        KeelConfig config = withDeadSinkGivingUpAfter(firstRun, Duration.ofSeconds(2));
        List<PageEvent> pages = dayOfPages();
        List<PageEvent> first = pages.subList(0, 3);
        List<PageEvent> second = pages.subList(3, pages.size());
        try (AlertsService alerts = AlertsService.start(firstRun, AlertsService.Options.defaults(new PrintWriter(new StringWriter())))) {
            publish(config, first);
            await().atMost(Duration.ofSeconds(60)).until(() -> slackDelivered().size() == first.size() && acmeHook.accepted().size() == 1);
        }
        assertThat(committedOffsets(broker, config)).as("the dead sink held the offsets").isLessThan(first.size());
        // When more pages (and a duplicate of a delivered one) arrive while it is down, and it starts again
        publish(config, second);
        publish(config, List.of(first.getFirst()));
        try (AlertsService alerts = AlertsService.start(config, AlertsService.Options.defaults(new PrintWriter(new StringWriter())))) {
            // Then every page reached every live sink exactly once over the two runs
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(slackDelivered()).hasSize(pages.size());
                assertThat(deliveredKeys(pagerDuty)).containsExactlyInAnyOrderElementsOf(ids(pages, p -> p.getSeverity() == Severity.PAGE));
                assertThat(committedOffsets(broker, config)).isEqualTo(pages.size() + 1);
            });
            assertThat(slackDelivered().stream().map(b -> b.path("text").asText()).distinct()).hasSize(pages.size());
        }
    }

    private static KeelConfig withDeadSinkGivingUpAfter(KeelConfig config, Duration giveUpAfter) {
        Map<String, AlertSinkConfig> sinks = new java.util.HashMap<>(config.alerts().sinks());
        AlertSinkConfig dead = sinks.get("hook-down");
        sinks.put("hook-down", dead.withRetry(new AlertRetryConfig(dead.retry().initialBackoff(), dead.retry().maxBackoff(), giveUpAfter)));
        return config.withAlerts(new AlertsConfig(config.alerts().groupId(), config.alerts().ledgerTopic(), config.alerts().runbookBaseUrl(),
                Duration.ofSeconds(10), sinks, null));
    }

    private KeelConfig config(KafkaBroker broker, Duration giveUpAfter, Duration shutdownTimeout) {
        var topics = broker.uniqueTopics();
        broker.createTopic(topics.pages(), 3);
        AlertRetryConfig fast = new AlertRetryConfig(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(30));
        AlertRetryConfig dying = new AlertRetryConfig(Duration.ofMillis(200), Duration.ofSeconds(1), giveUpAfter);
        Map<String, AlertSinkConfig> sinks = Map.of(
                "pd", sink(AlertSinkKind.PAGERDUTY, pagerDuty.url("/v2/enqueue"), ROUTING_KEY, null, List.of(SloSeverity.PAGE), null, fast),
                "pd-invalid", sink(AlertSinkKind.PAGERDUTY, pagerDutyInvalid.url("/v2/enqueue"), ROUTING_KEY, null, null, List.of("tenant:acme"), fast),
                "slack", sink(AlertSinkKind.SLACK, slack.url("/services/T0/B0/" + SLACK_TOKEN), null, null, null, null, fast),
                "hook-acme", sink(AlertSinkKind.WEBHOOK, acmeHook.url("/keel"), null, HMAC_KEY, null, List.of("tenant:*"), fast),
                "hook-down", sink(AlertSinkKind.WEBHOOK, deadUrl(), null, HMAC_KEY, null, null, dying),
                "console", AlertSinkConfig.console());
        AlertsConfig alerts = new AlertsConfig(KafkaBroker.uniqueName("keel-alerts"), KafkaBroker.uniqueName("slo.pages.deliveries"),
                "https://runbooks.example.com/keel/", shutdownTimeout, sinks, null);
        return KeelConfig.defaults().withKafka(broker.kafkaConfig()).withTopics(topics).withAlerts(alerts);
    }

    private static String deadUrl() {
        try {
            return FakeEndpoint.deadUrl("/hook/" + DEAD_TOKEN);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AlertSinkConfig sink(AlertSinkKind kind, String url, String routingKey, String hmac, List<SloSeverity> severities,
                                        List<String> scopes, AlertRetryConfig retry) {
        return new AlertSinkConfig(kind, Secret.of(url), routingKey == null ? null : Secret.of(routingKey), hmac == null ? null : Secret.of(hmac),
                severities, scopes, 100, Duration.ofSeconds(5), retry, null);
    }

    /** An outage page and its resolve on global, a ticket and its resolve, a tenant page and its resolve. */
    private static List<PageEvent> dayOfPages() {
        return List.of(
                Pages.firing("success_rate", "global", Severity.PAGE, 10),
                Pages.firing("burn_rate_ticket", "global", Severity.TICKET, 11),
                Pages.firing("success_rate", "tenant:acme", Severity.PAGE, 12),
                Pages.resolved("success_rate", "global", Severity.PAGE, 5, 20),
                Pages.resolved("success_rate", "tenant:acme", Severity.PAGE, 7, 25),
                Pages.resolved("burn_rate_ticket", "global", Severity.TICKET, 6, 40));
    }

    private static void publish(KeelConfig config, List<PageEvent> pages) {
        KeelTopics topics = KeelTopics.from(config.topics());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaClients(config.kafka()).bytesProducer("test-pages")) {
            pages.forEach(p -> producer.send(topics.pages().serialized(p.getAlertKey(), p)));
            producer.flush();
        }
    }

    private static long committedOffsets(KafkaBroker broker, KeelConfig config) {
        return broker.committedOffsets(config.alerts().groupId()).values().stream().mapToLong(Long::longValue).sum();
    }

    private static List<String> ids(List<PageEvent> pages, java.util.function.Predicate<PageEvent> filter) {
        return pages.stream().filter(filter).map(p -> p.getAlertKey() + "|" + (p.getState().name().equals("FIRING") ? "trigger" : "resolve")).toList();
    }

    private static List<String> deliveredKeys(FakeEndpoint endpoint) {
        return endpoint.accepted().stream().map(r -> json(r.body())).map(b -> b.path("dedup_key").asText() + "|" + b.path("event_action").asText()).toList();
    }

    private List<JsonNode> slackDelivered() {
        return slack.accepted().stream().map(r -> json(r.body())).toList();
    }

    private void checkPagerDuty(List<PageEvent> pages) {
        JsonNode trigger = pagerDuty.accepted().stream().map(r -> json(r.body()))
                .filter(b -> b.path("dedup_key").asText().equals("success_rate|global") && b.path("event_action").asText().equals("trigger"))
                .findFirst().orElseThrow();
        assertThat(trigger.path("routing_key").asText()).isEqualTo(ROUTING_KEY);
        JsonNode payload = trigger.path("payload");
        assertThat(payload.path("summary").asText()).isEqualTo(pages.getFirst().getSummary());
        assertThat(payload.path("source").asText()).isEqualTo("keel");
        assertThat(payload.path("severity").asText()).isEqualTo("critical");
        assertThat(payload.path("timestamp").asText()).isEqualTo(Instant.ofEpochMilli(Pages.T0 + 10 * 60_000L).toString());
        assertThat(payload.path("component").asText()).isEqualTo("global");
        JsonNode details = payload.path("custom_details");
        assertThat(details.path("observed").asDouble()).isEqualTo(0.42);
        assertThat(details.path("threshold").asDouble()).isEqualTo(0.995);
        assertThat(details.path("window").asText()).isEqualTo("PT1M");
        assertThat(details.path("hold").asText()).isEqualTo("PT5M");
        assertThat(details.path("scope").asText()).isEqualTo("global");
        assertThat(details.path("runbook").asText()).isEqualTo("https://runbooks.example.com/keel/slo-streams/README.md#runbook-success-rate");
        assertThat(trigger.path("links").get(0).path("href").asText()).isEqualTo(details.path("runbook").asText());
        JsonNode resolve = pagerDuty.accepted().stream().map(r -> json(r.body()))
                .filter(b -> b.path("event_action").asText().equals("resolve")).findFirst().orElseThrow();
        assertThat(resolve.properties()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("routing_key", "dedup_key", "event_action");
        // The 429s were retried: two calls per accepted event
        assertThat(pagerDuty.requests()).hasSize(2 * pagerDuty.accepted().size());
    }

    private void checkSlack() {
        JsonNode firing = slackDelivered().stream().filter(b -> b.path("text").asText().startsWith("[FIRING] PAGE success_rate global")).findFirst().orElseThrow();
        assertThat(firing.path("text").asText()).contains("42.00% vs threshold 99.50%").contains("since 2030-03-10 12:05 UTC");
        List<String> texts = new ArrayList<>();
        firing.path("blocks").forEach(b -> {
            texts.add(b.path("text").path("text").asText());
            b.path("fields").forEach(f -> texts.add(f.path("text").asText()));
            b.path("elements").forEach(f -> texts.add(f.path("text").asText()));
        });
        assertThat(texts).contains("*Rule*\nsuccess_rate", "*Scope*\nglobal", "*Observed*\n42.00%", "*Threshold*\n99.50%",
                "*Since*\n2030-03-10 12:05 UTC", "<https://runbooks.example.com/keel/slo-streams/README.md#runbook-success-rate|Runbook>");
        assertThat(firing.path("blocks").get(0).path("type").asText()).isEqualTo("header");
        JsonNode resolved = slackDelivered().stream().filter(b -> b.path("text").asText().startsWith("[RESOLVED] PAGE success_rate global")).findFirst().orElseThrow();
        assertThat(resolved.path("text").asText()).contains("(lasted 15 min)");
        // The first call got 429 with Retry-After: 1; the retry waited for it
        FakeEndpoint.Request limited = slack.requests().getFirst();
        assertThat(limited.answeredWith()).isEqualTo(429);
    }

    private void checkWebhook(List<PageEvent> pages) throws Exception {
        WebhookSignature signature = new WebhookSignature(Secret.of(HMAC_KEY));
        assertThat(acmeHook.accepted()).allSatisfy(r -> {
            long ts = Long.parseLong(r.header(WebhookSignature.TIMESTAMP_HEADER));
            assertThat(signature.verify(r.header(WebhookSignature.SIGNATURE_HEADER), ts, r.body(), Instant.now(), Duration.ofMinutes(5))).isTrue();
            assertThat(signature.verify(r.header(WebhookSignature.SIGNATURE_HEADER), ts, r.body() + " ", Instant.now(), Duration.ofMinutes(5))).isFalse();
        });
        FakeEndpoint.Request firing = acmeHook.accepted().stream().filter(r -> r.body().contains("\"FIRING\"")).findFirst().orElseThrow();
        JsonNode body = json(firing.body());
        PageEvent expected = pages.get(2);
        assertThat(firing.header(WebhookSignature.EVENT_ID_HEADER)).isEqualTo(PageId.of(expected).value());
        assertThat(body.path("alert_key").asText()).isEqualTo("success_rate|tenant:acme");
        assertThat(body.path("state").asText()).isEqualTo("FIRING");
        assertThat(body.path("severity").asText()).isEqualTo("PAGE");
        assertThat(body.path("scope").asText()).isEqualTo("tenant:acme");
        assertThat(body.path("for").asText()).isEqualTo("PT5M");
        assertThat(body.path("evaluated_at").asLong()).isEqualTo(expected.getEvaluatedAt());
        assertThat(body.path("started_at").asLong()).isEqualTo(expected.getStartedAt());
        assertThat(body.path("summary").asText()).isEqualTo(expected.getSummary());
    }

    private static void assertNoSecretsIn(List<ILoggingEvent> events) {
        assertThat(events).isNotEmpty().allSatisfy(e -> {
            String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage());
            for (String secret : List.of(ROUTING_KEY, SLACK_TOKEN, HMAC_KEY, DEAD_TOKEN)) {
                assertThat(line).doesNotContain(secret);
            }
        });
        assertThat(events.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.joining("\n"))).contains("Page undelivered sink=hook-down");
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.keel.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.config.BudgetConfig;
import dev.keel.config.BudgetPeriod;
import dev.keel.config.TenantBudget;
import dev.keel.sim.Latency;
import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.KafkaBrokerExtension;
import dev.keel.testsupport.SimPair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Statuses, OpenAI-format errors and Keel's headers, seen by a plain HTTP client. */
@ExtendWith(KafkaBrokerExtension.class)
class GatewayHttpIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static GatewayStack stack;

    @BeforeAll
    static void start(KafkaBroker broker) {
        // globex may spend a millionth of a dollar a day: every call of theirs is over budget
        stack = new GatewayStack(broker, c -> c.withBudget(new BudgetConfig(null, null, null, null, null,
                Map.of("globex", new TenantBudget(BudgetPeriod.DAY, new BigDecimal("0.000001"))), null, null)));
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
    }

    @Test
    void shouldSayWhoAnsweredWhenACallSucceedsAndHitTheCacheWhenRepeated() throws Exception {
        // Given
        String prompt = "Summarize order " + UUID.randomUUID();
        String id = "idem-" + UUID.randomUUID();

        // When
        HttpResponse<String> first = Http.send(Http.post(stack.uri(), GatewayStack.ACME_KEY, Http.chat(prompt, false),
                Map.of("Idempotency-Key", id, "X-Keel-Feature", "orders")));
        HttpResponse<String> again = Http.send(Http.post(stack.uri(), GatewayStack.ACME_KEY, Http.chat(prompt + "  ", false),
                Map.of("X-Keel-Feature", "orders")));

        // Then
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.headers().firstValue("X-Keel-Request-Id")).hasValue(id);
        assertThat(first.headers().firstValue("X-Keel-Provider")).hasValue("primary");
        assertThat(first.headers().firstValue("X-Keel-Cache")).hasValue("MISS");
        assertThat(first.headers().firstValue("X-Keel-Attempts")).hasValue("1");
        assertThat(Double.parseDouble(first.headers().firstValue("X-Keel-Cost-Usd").orElseThrow())).isPositive();
        JsonNode body = JSON.readTree(first.body());
        assertThat(body.path("id").asText()).isEqualTo("chatcmpl-" + id);
        assertThat(body.path("usage").path("total_tokens").asInt()).isPositive();
        assertThat(again.headers().firstValue("X-Keel-Cache")).hasValue("HIT");
        assertThat(JSON.readTree(again.body()).path("choices").get(0).path("message").path("content").asText())
                .isEqualTo(body.path("choices").get(0).path("message").path("content").asText());
    }

    @Test
    void shouldStreamChunksEndingWithDoneWhenStreamIsTrue() throws Exception {
        HttpResponse<String> response = Http.send(Http.post(stack.uri(), GatewayStack.ACME_KEY,
                Http.chat("Stream order " + UUID.randomUUID(), true), Map.of()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        assertThat(response.body()).startsWith("data: {").contains("\"object\":\"chat.completion.chunk\"").endsWith("data: [DONE]\n\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"model\":\"keel\"}                                                                   | messages",
            "{\"model\":\"keel\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":5} | temperature",
            "{\"model\":\"keel\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]} | messages[0].content[0].type",
            "{\"model\":\"keel\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}                  | messages[0].role",
            "{\"model\":\"keel\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":0}  | max_tokens",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}                                    | model",
    })
    void shouldAnswer400NamingTheFieldWhenTheBodyIsBad(String body, String param) throws Exception {
        HttpResponse<String> response = Http.send(Http.post(stack.uri(), GatewayStack.ACME_KEY, body, Map.of()));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("param").asText()).isEqualTo(param);
        assertThat(error.path("message").asText()).startsWith(param.equals("messages") ? "messages" : param);
    }

    @Test
    void shouldAnswer400WhenTheBodyIsNotJson() throws Exception {
        HttpResponse<String> response = Http.send(Http.post(stack.uri(), GatewayStack.ACME_KEY, "{not json", Map.of()));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("error").path("message").asText()).contains("not valid JSON");
    }

    @Test
    void shouldAnswer401WithoutEchoingTheKeyWhenTheKeyIsUnknown() throws Exception {
        HttpResponse<String> unknown = Http.send(Http.post(stack.uri(), "sk-leaked-secret-42", Http.chat("hi", false), Map.of()));
        HttpResponse<String> missing = Http.send(Http.post(stack.uri(), null, Http.chat("hi", false), Map.of()));

        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(unknown.body()).path("error").path("code").asText()).isEqualTo("invalid_api_key");
        assertThat(unknown.body()).doesNotContain("sk-leaked-secret-42");
        assertThat(Http.get(stack.uri(), "/metrics").body()).doesNotContain("sk-leaked-secret-42").doesNotContain(GatewayStack.ACME_KEY);
    }

    @Test
    void shouldNeverLogAnApiKeyWhenCallsAreAnsweredOrRefused() throws Exception {
        // Given: every log event of the JVM captured, Keel's at DEBUG; Jetty at INFO as the shipped logback.xml
        // caps it (Jetty's DEBUG prints request headers, Authorization included)
        ch.qos.logback.classic.Logger jetty = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.eclipse.jetty");
        ch.qos.logback.classic.Level jettyBefore = jetty.getLevel();
        jetty.setLevel(ch.qos.logback.classic.Level.INFO);
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> events = new ch.qos.logback.core.read.ListAppender<>();
        events.start();
        root.addAppender(events);
        ch.qos.logback.classic.Level before = root.getLevel();
        root.setLevel(ch.qos.logback.classic.Level.DEBUG);
        try {
            // When: a good key, a bad key, a bad body and an over-budget tenant
            Http.send(Http.post(stack.uri(), GatewayStack.ACME_KEY, Http.chat("Log check " + UUID.randomUUID(), true), Map.of()));
            Http.send(Http.post(stack.uri(), "sk-should-never-be-logged", Http.chat("hi", false), Map.of()));
            Http.send(Http.post(stack.uri(), GatewayStack.ACME_KEY, "{\"model\":\"keel\"}", Map.of()));
            Http.send(Http.post(stack.uri(), GatewayStack.GLOBEX_KEY, Http.chat("Log check " + UUID.randomUUID(), false), Map.of()));
        } finally {
            root.detachAppender(events);
            root.setLevel(before);
            jetty.setLevel(jettyBefore);
        }

        // Then
        assertThat(events.list).isNotEmpty().allSatisfy(e -> assertThat(e.getFormattedMessage())
                .doesNotContain(GatewayStack.ACME_KEY, GatewayStack.GLOBEX_KEY, "sk-should-never-be-logged"));
    }

    @Test
    void shouldAnswer429WhenTheTenantBudgetRejects() throws Exception {
        HttpResponse<String> response = Http.send(Http.post(stack.uri(), GatewayStack.GLOBEX_KEY,
                Http.chat("Expensive question " + UUID.randomUUID(), false), Map.of()));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        assertThat(response.headers().firstValue("X-Keel-Status")).hasValue("REJECTED");
        assertThat(JSON.readTree(response.body()).path("error").path("code").asText()).isEqualTo("budget_tenant_budget");
    }

    @Test
    void shouldAnswer504WhenTheDeadlinePassesBeforeAnAnswer() throws Exception {
        // Given: the primary answers slower than the caller's deadline; no failover for this alias
        stack.primary.setLatency(new Latency(3_000, 3_000, 1, 1));
        try {
            HttpResponse<String> response = Http.send(Http.post(stack.uri(), GatewayStack.ACME_KEY,
                    Http.chat("Slow question " + UUID.randomUUID(), false), Map.of("X-Keel-Timeout-Ms", "500")));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(504);
            assertThat(JSON.readTree(response.body()).path("error").path("code").asText()).isEqualTo("deadline_exceeded");
        } finally {
            stack.primary.setLatency(SimPair.FAST);
        }
    }

    @Test
    void shouldServeModelsHealthAndMetrics() throws Exception {
        assertThat(JSON.readTree(Http.get(stack.uri(), "/v1/models").body()).path("data").get(0).path("id").asText()).isEqualTo("keel");
        assertThat(Http.get(stack.uri(), "/health").statusCode()).isEqualTo(200);
        Http.send(Http.post(stack.uri(), GatewayStack.ACME_KEY, Http.chat("Metric me " + UUID.randomUUID(), false), Map.of()));
        String metrics = Http.get(stack.uri(), "/metrics").body();
        assertThat(metrics).contains("keel_gateway_requests_total{", "keel_gateway_request_duration_seconds", "keel_client_pending",
                "keel_client_late_total");
        assertThat(Http.get(stack.uri(), "/nowhere").statusCode()).isEqualTo(404);
    }
}

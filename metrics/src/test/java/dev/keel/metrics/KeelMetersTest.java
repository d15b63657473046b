package dev.keel.metrics;

import dev.keel.config.MetricsConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class KeelMetersTest {

    private static MetricsConfig config(boolean tenantTags, int maxTenants, int maxFeatures) {
        return new MetricsConfig(true, "127.0.0.1", 0, tenantTags, maxTenants, maxFeatures);
    }

    @Test
    void shouldDropTheTenantTagWhenTenantTagsAreOff() {
        PrometheusMeterRegistry registry = KeelMeters.prometheus(config(false, 5, 5), "test");

        Counter.builder("keel.requests").tag("tenant", "acme").tag("status", "success").register(registry).increment();
        Counter.builder("keel.requests").tag("tenant", "globex").tag("status", "success").register(registry).increment();

        assertThat(registry.find("keel.requests").counters()).singleElement()
                .satisfies(c -> assertThat(c.getId().getTag("tenant")).isNull())
                .satisfies(c -> assertThat(c.count()).isEqualTo(2));
    }

    @Test
    void shouldFoldTenantsPastTheCapIntoOtherWhenTenantTagsAreOn() {
        PrometheusMeterRegistry registry = KeelMeters.prometheus(config(true, 2, 5), "test");

        for (String tenant : new String[]{"a", "b", "c", "d", "a"}) {
            Counter.builder("keel.cost").tag("tenant", tenant).register(registry).increment();
        }

        assertThat(registry.find("keel.cost").counters()).extracting(c -> c.getId().getTag("tenant") + "=" + (long) c.count())
                .containsExactlyInAnyOrder("a=2", "b=1", KeelMeters.OTHER + "=2");
    }

    @Test
    void shouldCapFeaturesAndLeaveOtherMetersAloneWhenFeaturesExceedTheCap() {
        PrometheusMeterRegistry registry = KeelMeters.prometheus(config(false, 5, 1), "test");

        Counter.builder("keel.tokens").tag("feature", "f1").register(registry).increment();
        Counter.builder("keel.tokens").tag("feature", "f2").register(registry).increment();
        Counter.builder("other.meter").tag("tenant", "acme").register(registry).increment();

        assertThat(registry.find("keel.tokens").counters()).extracting(c -> c.getId().getTag("feature")).containsExactlyInAnyOrder("f1", "other");
        assertThat(registry.find("other.meter").counter().getId().getTag("tenant")).isEqualTo("acme");
    }

    @Test
    void shouldServeThePrometheusTextFormatWithJvmMetersWhenScraped() throws Exception {
        PrometheusMeterRegistry registry = KeelMeters.prometheus(config(false, 5, 5), "router-worker");
        Counter.builder("keel.requests").tag("status", "success").register(registry).increment(3);

        try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0, registry)) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(endpoint.uri() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValue(MetricsEndpoint.CONTENT_TYPE);
            assertThat(response.body()).contains("keel_requests_total{keel_app=\"router-worker\",status=\"success\"} 3.0")
                    .contains("jvm_memory_used_bytes").contains("process_uptime_seconds");
        }
    }
}

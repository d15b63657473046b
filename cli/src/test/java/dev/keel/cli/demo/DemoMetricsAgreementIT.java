package dev.keel.cli.demo;

import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * During the demo's scenario (workload, primary outage, cache repeats, rejections), the worker's and
 * the SLO app's /metrics say what the demo's own summary says: requests, failovers, cache hits, cost.
 */
@ExtendWith(KafkaBrokerExtension.class)
class DemoMetricsAgreementIT {

    @Test
    void shouldAgreeWithTheDemoSummaryWhenTheDemoScenarioRuns(KafkaBroker broker) throws Exception {
        try (LoadedStack demo = new LoadedStack(broker, UnaryOperator.identity())) {
            // When
            demo.run(20, Duration.ofSeconds(20));
            assertThat(demo.stats.awaitAnswered(demo.sent.get(), Duration.ofSeconds(90))).as("every request answered").isTrue();
            LiveStats.Snapshot summary = demo.stats.snapshot();
            assertThat(demo.sent.get()).as("requests sent at 20/s for 20 s").isGreaterThan(300);

            // Then: the scenario showed what it should
            assertThat(summary.failovers()).as("failovers during the outage: " + summary).isPositive();
            assertThat(summary.cacheHits()).as("cache hits").isPositive();
            assertThat(summary.rejected()).as("rejections").isPositive();

            // ... and the worker's /metrics agree with the demo's summary
            String worker = demo.scrape(demo.workerMetrics());
            assertThat(PrometheusText.sum(worker, "keel_requests_total")).isEqualTo((double) (summary.answered()));
            assertThat(PrometheusText.sum(worker, "keel_requests_total", Map.of("status", "success"))).isEqualTo((double) (summary.success()));
            assertThat(PrometheusText.sum(worker, "keel_requests_total", Map.of("status", "rejected"))).isEqualTo((double) (summary.rejected()));
            assertThat(PrometheusText.sum(worker, "keel_requests_total", Map.of("status", "failed"))).isEqualTo((double) (summary.failed()));
            assertThat(PrometheusText.sum(worker, "keel_failovers_total")).isEqualTo((double) (summary.failovers()));
            assertThat(PrometheusText.sum(worker, "keel_requests_total", Map.of("outcome", "failover"))).isEqualTo((double) (summary.failovers()));
            assertThat(PrometheusText.sum(worker, "keel_cache_results_total", Map.of("outcome", "hit"))).isEqualTo((double) (summary.cacheHits()));
            assertThat(PrometheusText.sum(worker, "keel_requests_total", Map.of("provider", "secondary", "status", "success")))
                    .isEqualTo((double) (summary.byProvider().getOrDefault("secondary", 0L)));
            assertThat(PrometheusText.sum(worker, "keel_cost_usd_total")).isCloseTo(summary.costUsd(), within(1e-9));
            assertThat(PrometheusText.sum(worker, "keel_request_latency_seconds_count")).isEqualTo((double) (summary.answered() - summary.rejected()));
            assertThat(worker).contains("keel_router_cooldown_state{").contains("keel_worker_in_flight{")
                    .contains("kafka_consumer_fetch_manager_records_lag_max{").contains("jvm_memory_used_bytes{")
                    .contains("keel_request_ttft_seconds_bucket{").contains("le=\"2.0\"").contains("le=\"2.5\"");

            // ... and so do the SLO app's, once it has read every result
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                String slo = demo.scrape(demo.sloMetrics());
                assertThat(PrometheusText.sum(slo, "keel_slo_results_total")).isEqualTo((double) (summary.answered()));
                assertThat(PrometheusText.sum(slo, "keel_slo_results_failovers_total")).isEqualTo((double) (summary.failovers()));
                assertThat(PrometheusText.sum(slo, "keel_slo_results_cache_hits_total")).isEqualTo((double) (summary.cacheHits()));
                assertThat(PrometheusText.sum(slo, "keel_slo_results_cost_usd_total")).isCloseTo(summary.costUsd(), within(1e-9));
                assertThat(slo).contains("kafka_stream_").contains("jvm_memory_used_bytes{");
            });
        }
    }
}

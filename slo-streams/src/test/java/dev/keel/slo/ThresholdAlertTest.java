package dev.keel.slo;

import dev.keel.config.SloConfig;
import dev.keel.config.SloObjectivesOverride;
import dev.keel.schemas.AlertState;
import dev.keel.schemas.PageEvent;
import dev.keel.schemas.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.keel.slo.Results.at;
import static dev.keel.slo.Results.minute;
import static dev.keel.slo.Results.spread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The seed's three threshold pages: the minute they fire, the minute they resolve, and what does not page. */
class ThresholdAlertTest {

    @TempDir
    Path state;

    @Test
    void shouldPageP95AtTheFifteenthSlowMinuteAndResolveAtTheFirstFastOne() {
        try (SloHarness slo = new SloHarness(SloConfig.defaults(), state)) {
            // Given 2 fast minutes, then minutes 2..20 where every request takes 3 s, then fast again
            for (int m = 0; m < 26; m++) {
                slo.results(spread(m, 30, 0, m >= 2 && m <= 20 ? 3000 : 400));
            }
            slo.result(at(minute(26) + 10_000).build());

            // When / Then: the breach began with minute 2 and held 15 minutes at the close of minute 16
            List<PageEvent> pages = rule(slo.pages(), "p95_latency", "global");
            assertThat(pages).hasSize(2);
            PageEvent firing = pages.get(0);
            assertThat(firing.getState()).isEqualTo(AlertState.FIRING);
            assertThat(firing.getSeverity()).isEqualTo(Severity.PAGE);
            assertThat(firing.getAlertKey()).isEqualTo("p95_latency|global");
            assertThat(firing.getStartedAt()).isEqualTo(minute(2));
            assertThat(firing.getEvaluatedAt()).isEqualTo(minute(17));
            assertThat(firing.getObserved()).isCloseTo(3000, within(30.0));
            assertThat(firing.getThreshold()).isEqualTo(2500);
            assertThat(firing.getWindow()).isEqualTo("PT1M");
            assertThat(firing.getFor$()).isEqualTo("PT15M");
            assertThat(firing.getSummary()).contains("p95 latency of global", "2500 ms target", "2030-01-01 10:02 UTC");
            assertThat(firing.getRunbook()).isEqualTo("drills/runbooks.md#runbook-p95-latency");
            // minute 21 is fast again: its close resolves the page
            PageEvent resolved = pages.get(1);
            assertThat(resolved.getState()).isEqualTo(AlertState.RESOLVED);
            assertThat(resolved.getEvaluatedAt()).isEqualTo(minute(22));
            assertThat(resolved.getStartedAt()).isEqualTo(minute(2));
        }
    }

    @Test
    void shouldRestartTheHoldWhenOneGoodMinuteInterrupts() {
        try (SloHarness slo = new SloHarness(SloConfig.defaults(), state)) {
            // Given slow minutes 0..9, one fast minute 10, slow minutes 11..30
            for (int m = 0; m <= 30; m++) {
                slo.results(spread(m, 30, 0, m == 10 ? 400 : 3000));
            }
            slo.result(at(minute(31) + 10_000).build());

            // Then the first run (10 minutes) never pages; the second fires 15 minutes after minute 11 began
            List<PageEvent> pages = rule(slo.pages(), "p95_latency", "global");
            assertThat(pages).hasSize(1);
            assertThat(pages.get(0).getStartedAt()).isEqualTo(minute(11));
            assertThat(pages.get(0).getEvaluatedAt()).isEqualTo(minute(26));
        }
    }

    @Test
    void shouldNotPageSuccessRateWhenTheDipIsShorterThanFiveMinutes() {
        try (SloHarness slo = new SloHarness(SloConfig.defaults(), state)) {
            // Given 10 healthy minutes, a 4-minute dip at 10% failures, then healthy again
            for (int m = 0; m < 20; m++) {
                slo.results(spread(m, 100, m >= 10 && m < 14 ? 10 : 0, 300));
            }
            slo.result(at(minute(20) + 10_000).build());

            // Then success_rate never fires (its hold is 5 minutes)
            assertThat(rule(slo.pages(), "success_rate", "global")).isEmpty();
        }
    }

    @Test
    void shouldPageSuccessRateAtTheFifthBadMinute() {
        try (SloHarness slo = new SloHarness(SloConfig.defaults(), state)) {
            // Given a dip from minute 10 to minute 15 at 10% failures
            for (int m = 0; m < 20; m++) {
                slo.results(spread(m, 100, m >= 10 && m < 16 ? 10 : 0, 300));
            }
            slo.result(at(minute(20) + 10_000).build());

            // Then it fires at the close of minute 14 (5 bad minutes) and resolves at the close of minute 16
            List<PageEvent> pages = rule(slo.pages(), "success_rate", "global");
            assertThat(pages).extracting(PageEvent::getState).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
            assertThat(pages.get(0).getEvaluatedAt()).isEqualTo(minute(15));
            assertThat(pages.get(0).getObserved()).isCloseTo(0.90, within(1e-9));
            assertThat(pages.get(0).getThreshold()).isEqualTo(0.995);
            assertThat(pages.get(1).getEvaluatedAt()).isEqualTo(minute(17));
        }
    }

    @Test
    void shouldPageAverageCostAfterFifteenExpensiveMinutesOnlyForTheScopeOverBudget() {
        // Given feature "legal" has its own cost budget of $0.05
        SloConfig config = new SloConfig(null, null, null, null, null, null, null, null, null, null, null, null,
                Map.of("feature:legal", new SloObjectivesOverride(null, null, null, 0.05)));
        try (SloHarness slo = new SloHarness(config, state)) {
            // When every request costs $0.02 for 16 minutes (over $0.015, under $0.05)
            for (int m = 0; m < 16; m++) {
                for (int i = 0; i < 30; i++) {
                    slo.result(at(minute(m) + i * 2000L).feature("legal").cost(0.02).build());
                }
            }
            slo.result(at(minute(16) + 10_000).build());

            // Then global pages at the 15th minute close; feature:legal, held to $0.05, does not
            List<PageEvent> pages = slo.pages();
            assertThat(rule(pages, "avg_cost", "global")).singleElement().satisfies(p -> {
                assertThat(p.getEvaluatedAt()).isEqualTo(minute(15));
                assertThat(p.getObserved()).isCloseTo(0.02, within(1e-9));
                assertThat(p.getThreshold()).isEqualTo(0.015);
            });
            assertThat(rule(pages, "avg_cost", "feature:legal")).isEmpty();
        }
    }

    @Test
    void shouldFireOnceAndNotRepeatWhileTheConditionHolds() {
        try (SloHarness slo = new SloHarness(SloConfig.defaults(), state)) {
            // Given 40 minutes all slow
            for (int m = 0; m < 40; m++) {
                slo.results(spread(m, 25, 0, 4000));
            }
            slo.advanceWall(Duration.ofSeconds(5));

            // Then one FIRING per scope for p95 and nothing else for it
            assertThat(rule(slo.pages(), "p95_latency", "global")).hasSize(1);
        }
    }

    static List<PageEvent> rule(List<PageEvent> pages, String rule, String scope) {
        return pages.stream().filter(p -> p.getRule().equals(rule) && p.getScope().equals(scope)).toList();
    }
}

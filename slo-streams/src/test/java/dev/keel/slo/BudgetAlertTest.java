package dev.keel.slo;

import dev.keel.config.SloConfig;
import dev.keel.schemas.AlertState;
import dev.keel.schemas.PageEvent;
import dev.keel.schemas.ResultStatus;
import dev.keel.schemas.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.keel.slo.Results.at;
import static dev.keel.slo.Results.minute;
import static dev.keel.slo.Results.spread;
import static dev.keel.slo.ThresholdAlertTest.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Error-budget burn-rate alerts, the budget-spent ticket, and low traffic that must not page. */
class BudgetAlertTest {

    @TempDir
    Path state;

    @Test
    void shouldPageFastBurnWhenTheHourAndTheLastFiveMinutesBurnAbove14x() {
        try (SloHarness slo = new SloHarness(SloConfig.defaults(), state)) {
            // Given a healthy hour, then every request fails
            for (int m = 0; m < 60; m++) {
                slo.results(spread(m, 30, 0, 300));
            }
            for (int m = 60; m < 70; m++) {
                slo.results(spread(m, 30, 30, 300));
            }
            slo.result(at(minute(70) + 10_000).build());

            // Then after k failing minutes the hour burns at (k / 60) / 0.005 = 3.33k: above 14.4 from k = 5
            List<PageEvent> fast = rule(slo.pages(), "burn_rate_fast", "global");
            assertThat(fast).singleElement().satisfies(p -> {
                assertThat(p.getState()).isEqualTo(AlertState.FIRING);
                assertThat(p.getSeverity()).isEqualTo(Severity.PAGE);
                assertThat(p.getEvaluatedAt()).isEqualTo(minute(65));
                assertThat(p.getObserved()).isCloseTo((5 / 60.0) / 0.005, within(1e-6));
                assertThat(p.getThreshold()).isEqualTo(14.4);
                assertThat(p.getWindow()).isEqualTo("PT1H");
                assertThat(p.getShortWindow()).isEqualTo("PT5M");
            });
        }
    }

    @Test
    void shouldResolveFastBurnWhenTheShortWindowRecovers() {
        try (SloHarness slo = new SloHarness(SloConfig.defaults(), state)) {
            // Given 10 failing minutes after a healthy hour, then healthy again
            for (int m = 0; m < 80; m++) {
                slo.results(spread(m, 30, m >= 60 && m < 70 ? 30 : 0, 300));
            }
            slo.result(at(minute(80) + 10_000).build());

            // Then the burn stops paging once the last 5 minutes burn under 14.4x: 0 failures of 150 at minute 74's close
            List<PageEvent> fast = rule(slo.pages(), "burn_rate_fast", "global");
            assertThat(fast).extracting(PageEvent::getState).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
            // 5m window at the close of minute k >= 70 holds (75 - k - 1)... failing minutes: burn = f/5/0.005 > 14.4 needs f >= 1
            assertThat(fast.get(1).getEvaluatedAt()).isEqualTo(minute(75));
        }
    }

    @Test
    void shouldNotPageWhenLowTrafficHasOneFailure() {
        try (SloHarness slo = new SloHarness(SloConfig.defaults(), state)) {
            // Given one request a minute for 3 hours, and one failure among them
            for (int m = 0; m < 180; m++) {
                slo.result(at(minute(m) + 30_000).status(m == 90 ? ResultStatus.FAILED : ResultStatus.SUCCESS).build());
            }
            slo.result(at(minute(180) + 40_000).build());

            // Then nothing pages, and no ticket either
            assertThat(slo.pages()).isEmpty();
        }
    }

    @Test
    void shouldTicketThatChangesFreezeWhenTheBudgetIsSpent() {
        try (SloHarness slo = new SloHarness(SloConfig.defaults(), state)) {
            // Given 400 requests over two minutes, then 3 failures in 200: 0.005 x 600 = 3 allowed
            slo.results(spread(0, 200, 0, 300));
            slo.results(spread(1, 200, 0, 300));
            slo.results(spread(2, 200, 3, 300));
            slo.result(at(minute(3) + 10_000).build());

            // Then the budget is spent at the close of minute 2
            List<PageEvent> exhausted = rule(slo.pages(), "budget_exhausted", "global");
            assertThat(exhausted).singleElement().satisfies(p -> {
                assertThat(p.getSeverity()).isEqualTo(Severity.TICKET);
                assertThat(p.getState()).isEqualTo(AlertState.FIRING);
                assertThat(p.getEvaluatedAt()).isEqualTo(minute(3));
                assertThat(p.getObserved()).isCloseTo(0.0, within(1e-9));
                assertThat(p.getSummary()).contains("freeze");
            });
        }
    }

    @Test
    void shouldKeepTheBurnRateHistoryAcrossTheHourRollUp() {
        try (SloHarness slo = new SloHarness(SloConfig.defaults(), state)) {
            // Given 2 failures in each minute for 8 hours (burn 2/40/0.005 = 10x): under 14.4, over 6 and over 1
            for (int m = 0; m < 8 * 60; m++) {
                slo.results(spread(m, 40, 2, 300));
            }
            slo.advanceWall(Duration.ofSeconds(11));

            // Then the slow page fires at the first close (both windows already at 10x) and the ticket fires
            // once the 6h short window holds 200 requests; the fast page never fires
            List<PageEvent> pages = slo.pages();
            assertThat(rule(pages, "burn_rate_fast", "global")).isEmpty();
            assertThat(rule(pages, "burn_rate_slow", "global")).singleElement()
                    .satisfies(p -> assertThat(p.getEvaluatedAt()).isEqualTo(minute(1)));
            assertThat(rule(pages, "burn_rate_ticket", "global")).singleElement()
                    .satisfies(p -> assertThat(p.getEvaluatedAt()).isEqualTo(minute(5)));
        }
    }
}

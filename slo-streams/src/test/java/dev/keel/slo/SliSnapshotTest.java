package dev.keel.slo;

import dev.keel.config.SloConfig;
import dev.keel.schemas.CacheOutcome;
import dev.keel.schemas.Lane;
import dev.keel.schemas.ResultStatus;
import dev.keel.schemas.SliSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.keel.slo.Results.at;
import static dev.keel.slo.Results.minute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SliSnapshotTest {

    @TempDir
    Path state;

    @Test
    void shouldEmitOneSnapshotPerScopeAndLaneWhenEachMinuteCloses() {
        try (SloHarness slo = new SloHarness(SloConfig.defaults(), state)) {
            // Given three minutes of results over two tenants, two features and both providers
            slo.result(at(minute(0.1)).tenant("acme").feature("chat").provider("primary").latency(400).cost(0.01).build());
            slo.result(at(minute(0.5)).tenant("globex").feature("chat").provider("secondary").failedOverFrom("primary")
                    .latency(900).cost(0.03).build());
            slo.result(at(minute(0.9)).tenant("acme").feature("summarize").status(ResultStatus.FAILED).provider("primary").cost(0).build());
            slo.result(at(minute(1.2)).tenant("acme").feature("chat").cache(CacheOutcome.HIT).latency(20).cost(0).build());
            slo.result(at(minute(1.7)).tenant("acme").feature("chat").status(ResultStatus.REJECTED).provider(null).cost(0).build());
            slo.result(at(minute(2.3)).tenant("acme").feature("chat").lane(Lane.BATCH).latency(9000).build());

            // When event time passes the end of minute 2 plus the 10 s grace
            slo.result(at(minute(3) + 10_000).build());

            // Then minutes 0, 1 and 2 are closed, each with one snapshot per scope and lane that had results
            List<SliSnapshot> slis = slo.slis();
            Map<String, SliSnapshot> minute0 = byScope(slis, minute(0), Lane.INTERACTIVE);
            assertThat(minute0.keySet()).containsExactlyInAnyOrder("global", "provider:primary", "provider:secondary",
                    "feature:chat", "feature:summarize", "tenant:acme", "tenant:globex");
            SliSnapshot global0 = minute0.get("global");
            assertThat(global0.getCount()).isEqualTo(3);
            assertThat(global0.getSuccess()).isEqualTo(2);
            assertThat(global0.getFailovers()).isEqualTo(1);
            assertThat(global0.getCostUsdSum()).isCloseTo(0.04, within(1e-12));
            assertThat(global0.getAvgCostUsd()).isCloseTo(0.04 / 3, within(1e-12));
            assertThat(global0.getWindowEnd()).isEqualTo(minute(1));
            assertThat(minute0.get("provider:primary").getCount()).isEqualTo(2);
            assertThat(minute0.get("tenant:globex").getP95Ms()).isCloseTo(900, within(9.0));

            Map<String, SliSnapshot> minute1 = byScope(slis, minute(1), Lane.INTERACTIVE);
            assertThat(minute1.get("global").getCount()).isEqualTo(2);
            assertThat(minute1.get("global").getRejected()).isEqualTo(1);
            assertThat(minute1.get("global").getCacheHits()).isEqualTo(1);
            assertThat(minute1.get("global").getSuccess()).isEqualTo(1);
            assertThat(minute1).doesNotContainKey("provider:null");

            Map<String, SliSnapshot> minute2Batch = byScope(slis, minute(2), Lane.BATCH);
            assertThat(minute2Batch.get("global").getCount()).isEqualTo(1);
            assertThat(byScope(slis, minute(2), Lane.INTERACTIVE)).isEmpty();
            assertThat(slis).noneMatch(s -> s.getWindowStart() == minute(3));
        }
    }

    @Test
    void shouldReportTheErrorBudgetOfTheScopeInEverySnapshot() {
        try (SloHarness slo = new SloHarness(SloConfig.defaults(), state)) {
            // Given 1000 served requests, 2 of them failed: the 99.5% objective allows 5 failures
            slo.results(Results.spread(0, 1000, 2, 300));

            // When minute 0 closes
            slo.result(at(minute(1) + 10_000).build());

            // Then 3 of the 5 allowed failures are left
            SliSnapshot global = byScope(slo.slis(), minute(0), Lane.INTERACTIVE).get("global");
            assertThat(global.getErrorBudgetAllowed()).isCloseTo(5.0, within(1e-9));
            assertThat(global.getErrorBudgetRemainingCount()).isCloseTo(3.0, within(1e-9));
            assertThat(global.getErrorBudgetRemaining()).isCloseTo(0.6, within(1e-9));
            assertThat(global.getUnderLatencyTarget()).isEqualTo(1000);
        }
    }

    @Test
    void shouldCloseTheLastWindowWhenWallTimePassesItsGraceAfterTrafficStops() {
        try (SloHarness slo = new SloHarness(SloConfig.defaults(), state)) {
            // Given one result at 00:30 of minute 0 and nothing after it
            slo.result(at(minute(0.5)).build());

            // When 39 s of wall time pass, the window [0, 1m) + 10 s grace is not over yet
            slo.advanceWall(Duration.ofSeconds(39));
            assertThat(slo.slis()).isEmpty();

            // Then one more second closes it
            slo.advanceWall(Duration.ofSeconds(1));
            assertThat(slo.slis()).extracting(SliSnapshot::getScope).contains("global");
        }
    }

    static Map<String, SliSnapshot> byScope(List<SliSnapshot> slis, long windowStart, Lane lane) {
        return slis.stream().filter(s -> s.getWindowStart() == windowStart && s.getLane() == lane)
                .collect(Collectors.toMap(SliSnapshot::getScope, s -> s));
    }
}

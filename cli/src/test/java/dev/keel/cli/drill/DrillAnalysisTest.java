package dev.keel.cli.drill;

import dev.keel.config.SloObjectives;
import dev.keel.schemas.DrillBaseline;
import dev.keel.schemas.DrillEvent;
import dev.keel.schemas.DrillEventKind;
import dev.keel.schemas.Lane;
import dev.keel.schemas.ResultStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DrillAnalysisTest {

    private static final long T0 = 1_800_000_000_000L;
    private static final Duration COOLDOWN = Duration.ofSeconds(30);

    @Test
    void shouldMeasureFailoverAndRestoreFromTheCommandsAndTheResults() {
        // Given: revoke at +60 s, first secondary success at +60.4 s, reset at +300 s, primary back at +320 s
        List<DrillFacts.Result> results = new ArrayList<>();
        for (int s = 1; s < 600; s++) {
            String provider = s <= 60 || s >= 320 ? "primary" : "secondary";
            results.add(result("r" + s, T0 + s * 1000L + (s == 61 ? -600 : 0), ResultStatus.SUCCESS, provider, 400));
        }
        DrillFacts facts = facts(List.of(
                control(T0 + 60_000, "provider.primary.api_key", "revoked"),
                control(T0 + 300_000, "provider.primary.api_key", null)), results, List.of(), baseline(100.0));

        // When
        DrillReport report = DrillAnalysis.analyze(facts, SloObjectives.defaults(), COOLDOWN);

        // Then
        assertThat(report.drilledProvider()).isEqualTo("primary");
        assertThat(report.failoverMs()).isEqualTo(400);
        assertThat(report.primaryBackMs()).isEqualTo(20_000);
        assertThat(report.requests().total()).isEqualTo(599);
        assertThat(report.requests().failed()).isZero();
        assertThat(report.successKept()).isTrue();
        assertThat(report.latencyKept()).isTrue();
        assertThat(report.findings()).isEmpty();
    }

    @Test
    void shouldChargeFailuresToTheBudgetAndListEveryFinding() {
        // Given: five failures, a slow tail, a page, and the key never restored
        List<DrillFacts.Result> results = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            results.add(result("r" + i, T0 + 10_000 + i * 100L, i < 5 ? ResultStatus.FAILED : ResultStatus.SUCCESS, "secondary",
                    i >= 90 ? 4_000 : 300));
        }
        results.add(result("rej", T0 + 20_000, ResultStatus.REJECTED, null, 0));
        DrillFacts facts = facts(List.of(control(T0 + 5_000, "provider.primary.api_key", "revoked")), results,
                List.of(new DrillFacts.Page(T0 + 70_000, "success_rate|global", "FIRING", "PAGE", "success rate of global fell", "r")),
                baseline(50.0));

        // When
        DrillReport report = DrillAnalysis.analyze(facts, SloObjectives.defaults(), COOLDOWN);

        // Then
        assertThat(report.requests().failed()).isEqualTo(5);
        assertThat(report.requests().rejected()).isEqualTo(1);
        assertThat(report.successRate()).isEqualTo(0.95);
        assertThat(report.p95Ms()).isEqualTo(4_000);
        assertThat(report.budget().spentFraction30d()).isCloseTo(0.1, within(1e-9));
        assertThat(report.budget().drillAllowance()).isCloseTo(0.5, within(1e-9));
        assertThat(report.failoverMs()).isEqualTo(5_500);
        assertThat(report.findings()).hasSize(7)
                .anySatisfy(f -> assertThat(f).startsWith("Scribe (lead@host): the dashboard lagged"))
                .anySatisfy(f -> assertThat(f).contains("Failover took 5,500 ms, longer than the latency target"))
                .anySatisfy(f -> assertThat(f).contains("5 request(s) failed", "10.00 % of the 30-day error budget"))
                .anySatisfy(f -> assertThat(f).contains("Success rate during the drill 95.00 %"))
                .anySatisfy(f -> assertThat(f).contains("p95 during the drill 4,000 ms"))
                .anySatisfy(f -> assertThat(f).contains("was not restored"))
                .anySatisfy(f -> assertThat(f).contains("Page success_rate|global fired"));
        assertThat(MarkdownReport.render(report)).contains("| requests failed | 5 |", "**missed**", "- [ ] ");
    }

    @Test
    void shouldSayWhenTheDrillTookNoProviderOut() {
        DrillReport report = DrillAnalysis.analyze(facts(List.of(), List.of(), List.of(), null), SloObjectives.defaults(), COOLDOWN);

        assertThat(report.failoverMs()).isNull();
        assertThat(report.findings()).singleElement().asString().contains("did not exercise failover");
    }

    @Test
    void shouldUseTheSloDefinitionOfP95() {
        assertThat(DrillAnalysis.p95(new long[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10})).isEqualTo(9);
        assertThat(DrillAnalysis.p95(new long[]{})).isNull();
    }

    private static DrillFacts facts(List<DrillFacts.Control> control, List<DrillFacts.Result> results, List<DrillFacts.Page> pages,
                                    DrillBaseline baseline) {
        List<DrillEvent> entries = new ArrayList<>();
        entries.add(DrillEvent.newBuilder().setDrillId("d1").setKind(DrillEventKind.START).setAt(T0).setBy("lead@host").setBaseline(baseline).build());
        if (!pages.isEmpty()) {
            entries.add(DrillEvent.newBuilder().setDrillId("d1").setKind(DrillEventKind.FINDING).setAt(T0 + 30_000).setBy("lead@host")
                    .setNote("the dashboard lagged").build());
        }
        entries.add(DrillEvent.newBuilder().setDrillId("d1").setKind(DrillEventKind.END).setAt(T0 + 600_000).setBy("lead@host").build());
        return new DrillFacts("d1", entries, control, results, pages, T0 + 700_000);
    }

    private static DrillFacts.Control control(long at, String setting, String value) {
        return new DrillFacts.Control(at, setting, value, "ops@host");
    }

    private static DrillFacts.Result result(String id, long at, ResultStatus status, String provider, long waitMs) {
        return new DrillFacts.Result(id, at, status, provider, Lane.INTERACTIVE, waitMs, 0.0001, false);
    }

    private static DrillBaseline baseline(double allowed) {
        return DrillBaseline.newBuilder().setStatusUrl("http://x").setBudgetAllowed30d(allowed).setBudgetServed30d(20_000)
                .setBudgetRemainingFraction(0.9).setActiveAlerts(List.of()).build();
    }
}

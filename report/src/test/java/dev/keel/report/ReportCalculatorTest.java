package dev.keel.report;

import dev.keel.config.SloConfig;
import dev.keel.schemas.AlertState;
import dev.keel.schemas.Lane;
import dev.keel.schemas.PageEvent;
import dev.keel.schemas.Severity;
import dev.keel.schemas.SliSnapshot;
import dev.keel.slo.MergedLatency;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ReportCalculatorTest {

    private static final long T0 = Instant.parse("2030-03-10T00:00:00Z").toEpochMilli();
    private static final long MIN = 60_000;
    private final ReportCalculator calculator = new ReportCalculator(SloConfig.defaults(), Clock.fixed(Instant.parse("2030-03-11T08:00:00Z"), ZoneOffset.UTC));

    @Test
    void shouldSumTheWindowExactlyWhenSnapshotsAreDuplicatedAcrossLanes() {
        // Given 600 minutes of 100 interactive results (one failure, 2 rejected, 97 under 2.5 s, $0.001 each) and a batch lane,
        // written before snapshots kept their latency sketch
        List<SliSnapshot> snaps = new ArrayList<>();
        for (int m = 0; m < 600; m++) {
            snaps.add(snap(m, Lane.INTERACTIVE, 100, 97, 2, 95, 0.098, 800, 2_400, 3_000));
            snaps.add(snap(m, Lane.BATCH, 10, 10, 0, 0, 0.05, 60_000, 60_000, 60_000));
        }
        ReportWindow window = new ReportWindow(T0, T0 + 600 * MIN);

        // When
        SloReport r = calculator.compute("global", window, new ReportInput(snaps, List.of(), T0 + MIN, T0));

        // Then counts are exact, batch is out of latency, the budget is (1 - 0.995) x served in decimal
        SloReport.Totals t = r.totals();
        assertThat(t.count()).isEqualTo(600 * 110);
        assertThat(t.served()).isEqualTo(600 * 108);
        assertThat(t.success()).isEqualTo(600 * 107);
        assertThat(t.failures()).isEqualTo(600);
        assertThat(t.latencySamples()).isEqualTo(600 * 98);
        assertThat(t.underTarget()).isEqualTo(600 * 95);
        assertThat(t.costNanos()).isEqualTo(600 * 148_000_000L);
        assertThat(t.successRate()).isEqualTo(107.0 / 108);
        assertThat(r.budget().allowed()).isCloseTo(0.005 * 600 * 108, within(1e-9));
        assertThat(r.budget().spent()).isEqualTo(600);
        assertThat(r.successKept()).as("1 failure in 108 is 0.93%, over the 0.5% allowed").isFalse();
        assertThat(r.budget().remaining()).isNegative();
        assertThat(r.latencyKept()).as("95 of 98 under target: the p95 is under it").isTrue();
        assertThat(r.costKept()).isTrue();
        assertThat(t.p95Ms()).as("estimated").isBetween(2_000.0, 2_500.0);
        assertThat(t.p95EstimatedMinutes()).isEqualTo(600);
        assertThat(r.warnings()).singleElement().asString().startsWith("p95 estimated for 600 minutes recorded before sketches were kept");
        assertThat(r.series()).as("600 minutes in 5-minute points").hasSize(120);
        assertThat(r.burnDown().getLast().remainingFraction()).isCloseTo(r.budget().remainingFraction(), within(1e-9));
    }

    @Test
    void shouldMissTheLatencyObjectiveWhenMoreThanFivePercentAreOverTheTarget() {
        List<SliSnapshot> snaps = new ArrayList<>();
        for (int m = 0; m < 10; m++) {
            snaps.add(snap(m, Lane.INTERACTIVE, 100, 100, 0, 94, 0.1, 800, 2_600, 3_000));
        }
        SloReport r = calculator.compute("global", new ReportWindow(T0, T0 + 10 * MIN), new ReportInput(snaps, List.of(), T0 + MIN, T0));
        assertThat(r.latencyKept()).isFalse();
        assertThat(r.totals().p95Ms()).isGreaterThan(2_500.0);
    }

    @Test
    void shouldPairIncidentsCountDuplicatesOnceAndChargeTheirFailuresWhenPagesAreRead() {
        // Given an outage 10:00-10:07 with 30 failures a minute, its pages, and the FIRING twice (at-least-once)
        List<SliSnapshot> snaps = new ArrayList<>();
        for (int m = 0; m < 1_440; m++) {
            boolean outage = m >= 600 && m < 607;
            snaps.add(snap(m, Lane.INTERACTIVE, 100, outage ? 70 : 100, 0, 100, 0.1, 500, 900, 1_000));
        }
        PageEvent firing = page(AlertState.FIRING, 600, 605);
        List<PageEvent> pages = List.of(firing, page(AlertState.RESOLVED, 600, 608), firing);

        // When
        SloReport r = calculator.compute("global", new ReportWindow(T0, T0 + 1_440 * MIN), new ReportInput(snaps, pages, T0 + MIN, T0));

        // Then one incident, 8 minutes, charged the 210 failures it covered
        assertThat(r.incidents()).singleElement().satisfies(i -> {
            assertThat(i.rule()).isEqualTo("success_rate");
            assertThat(i.startedAt()).isEqualTo(T0 + 600 * MIN);
            assertThat(i.resolvedAt()).isEqualTo(T0 + 608 * MIN);
            assertThat(i.durationMs()).isEqualTo(8 * MIN);
            assertThat(i.failures()).isEqualTo(210);
            assertThat(i.budgetShare()).isCloseTo(210 / (0.005 * 144_000), within(1e-9));
        });
    }

    @Test
    void shouldSayPlainlyWhenTheWindowHoldsTooLittleDataOrTheTopicIsShorterThanTheWindow() {
        List<SliSnapshot> snaps = List.of(snap(0, Lane.INTERACTIVE, 30, 30, 0, 30, 0.01, 500, 900, 1_000));
        long dayLater = T0 + 24 * 60 * MIN;
        SloReport r = calculator.compute("tenant:acme", ReportWindow.trailing(java.time.Duration.ofDays(30), dayLater),
                new ReportInput(snaps, List.of(), T0 + MIN, T0));
        assertThat(r.enoughData()).isFalse();
        assertThat(r.warnings()).hasSize(3);
        assertThat(r.warnings().get(0)).startsWith("Too little data to judge: 30 requests").contains("at least 200");
        assertThat(r.warnings().get(1)).startsWith("The SLI topic holds data only since 2030-03-10 00:00 UTC: 24 h of the 30 days asked for");
        assertThat(r.warnings().get(2)).startsWith("p95 estimated for 1 minute recorded before sketches were kept");
    }

    @Test
    void shouldGiveTheExactP95OfAllSamplesWhenEveryMinuteCarriesItsSketch() {
        // Given 300 minutes of 1 to 80 lognormal latencies with a slow spell, each snapshot with its sketch, and a batch lane
        SplittableRandom rnd = new SplittableRandom(3);
        List<SliSnapshot> snaps = new ArrayList<>();
        List<Double> all = new ArrayList<>();
        MergedLatency expected = new MergedLatency();
        for (int m = 0; m < 300; m++) {
            int n = 1 + rnd.nextInt(80);
            MergedLatency minute = new MergedLatency();
            for (int i = 0; i < n; i++) {
                double v = m >= 100 && m < 115 && rnd.nextBoolean() ? 3_000 + rnd.nextInt(4_000) : Math.exp(6.3 + 0.5 * rnd.nextGaussian());
                minute.add(v);
                expected.add(v);
                all.add(v);
            }
            snaps.add(sketched(snap(m, Lane.INTERACTIVE, n, n, 0, 0, 0.01, minute.quantile(0.5), minute.quantile(0.95), minute.quantile(0.99)), minute));
            snaps.add(sketched(snap(m, Lane.BATCH, 5, 5, 0, 0, 0.01, 60_000, 60_000, 60_000), new MergedLatency().add(60_000)));
        }

        // When
        SloReport r = calculator.compute("global", new ReportWindow(T0, T0 + 300 * MIN), new ReportInput(snaps, List.of(), T0 + MIN, T0));

        // Then the p95 is the merged sketch's (what the status endpoint computes), within 1% of the exact sample, and no note
        double[] sorted = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double exact = sorted[(int) Math.floor(0.95 * (sorted.length - 1))];
        assertThat(r.totals().p95Ms()).isEqualTo(expected.quantile(0.95)).isCloseTo(exact, within(exact * MergedLatency.RELATIVE_ACCURACY));
        assertThat(r.totals().p95Exact()).isTrue();
        assertThat(r.warnings()).noneMatch(w -> w.startsWith("p95 estimated"));
        assertThat(r.series()).allSatisfy(p -> assertThat(p.p95Ms()).isNotNull());
    }

    @Test
    void shouldFallBackToTheEstimateAndSaySoWhenSomeMinutesWereWrittenBeforeSketches() {
        // Given 10 minutes without sketches (an older SLO app), then 20 with them
        List<SliSnapshot> snaps = new ArrayList<>();
        for (int m = 0; m < 30; m++) {
            SliSnapshot s = snap(m, Lane.INTERACTIVE, 100, 100, 0, 100, 0.1, 500, 900, 1_000);
            MergedLatency minute = new MergedLatency();
            for (int i = 0; i < 100; i++) {
                minute.add(400 + 6 * i);
            }
            snaps.add(m < 10 ? s : sketched(s, minute));
        }

        SloReport r = calculator.compute("global", new ReportWindow(T0, T0 + 30 * MIN), new ReportInput(snaps, List.of(), T0 + MIN, T0));

        assertThat(r.totals().p95EstimatedMinutes()).isEqualTo(10);
        assertThat(r.totals().p95Ms()).as("the estimate from the per-minute quantiles").isBetween(850.0, 1_000.0);
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).startsWith("p95 estimated for 10 minutes recorded before sketches were kept"));
        assertThat(ReportText.p95Provenance(r)).contains("estimated").contains("10 minutes");
    }

    private static SliSnapshot sketched(SliSnapshot s, MergedLatency sketch) {
        return SliSnapshot.newBuilder(s).setLatencySketch(ByteBuffer.wrap(sketch.encode())).build();
    }

    private static SliSnapshot snap(int minute, Lane lane, long count, long success, long rejected, long under, double cost,
                                    double p50, double p95, double p99) {
        long start = T0 + minute * MIN;
        return SliSnapshot.newBuilder().setScope("global").setLane(lane).setWindowStart(start).setWindowEnd(start + MIN)
                .setCount(count).setSuccess(success).setRejected(rejected).setUnderLatencyTarget(under).setCostUsdSum(cost)
                .setP50Ms(p50).setP95Ms(p95).setP99Ms(p99).build();
    }

    private static PageEvent page(AlertState state, int startedMinute, int minute) {
        return PageEvent.newBuilder().setAlertKey("success_rate|global").setRule("success_rate").setSeverity(Severity.PAGE).setState(state)
                .setScope("global").setObserved(0.7).setThreshold(0.995).setWindow("PT1M").setFor$("PT5M")
                .setStartedAt(T0 + startedMinute * MIN).setEvaluatedAt(T0 + minute * MIN).setEmittedAt(0).setSummary("s").setRunbook("r").build();
    }
}

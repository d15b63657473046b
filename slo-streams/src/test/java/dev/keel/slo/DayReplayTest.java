package dev.keel.slo;

import dev.keel.config.ConfigLoader;
import dev.keel.config.KeelConfig;
import dev.keel.schemas.JsonCodec;
import dev.keel.schemas.PageEvent;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.SliSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Replays a scripted day of results (src/test/resources/day) through the topology and compares every
 * SLI and page with {@link BruteForceSlo}, an independent calculation over the same JSON lines.
 */
class DayReplayTest {

    private static final Path DAY = Path.of("src/test/resources/day");

    @TempDir
    Path state;

    @Test
    void shouldMatchABruteForceCalculationWhenADayOfResultsIsReplayed() throws IOException {
        // Given the day's config and results, replayed in file order as fast as the driver takes them
        KeelConfig config = new ConfigLoader(Map.of()).load(DAY.resolve("day.keel.yaml"));
        BruteForceSlo expected = new BruteForceSlo(DAY.resolve("results.jsonl"), config.slo().minRequests());
        List<SliSnapshot> slis;
        List<PageEvent> pages;
        long lastEnd;
        try (SloHarness slo = new SloHarness(config.slo(), state)) {
            for (String line : Files.readAllLines(DAY.resolve("results.jsonl"))) {
                slo.result(JsonCodec.read(line, PromptResult.class).orThrow());
            }
            // When the replay is over and a minute and the grace of wall time pass
            slo.advanceWall(Duration.ofSeconds(70));
            slis = slo.slis();
            pages = slo.pages();
            lastEnd = slis.stream().mapToLong(SliSnapshot::getWindowEnd).max().orElseThrow();
            assertThat(slo.metrics.lateResults()).isEqualTo(expected.late).isEqualTo(1);
        }

        // Then every minute, scope and lane with results has one snapshot with the brute-force numbers
        List<BruteForceSlo.Sli> expectedSlis = expected.slis();
        assertThat(slis).hasSize(expectedSlis.size());
        Map<String, SliSnapshot> byKey = slis.stream().collect(Collectors.toMap(
                s -> s.getWindowStart() + "|" + s.getScope() + "|" + s.getLane(), Function.identity()));
        for (BruteForceSlo.Sli e : expectedSlis) {
            SliSnapshot actual = byKey.get(e.windowStart() + "|" + e.scope() + "|" + e.lane());
            assertThat(actual).as("snapshot %s %s %s", e.windowStart(), e.scope(), e.lane()).isNotNull();
            assertThat(actual.getCount()).isEqualTo(e.count());
            assertThat(actual.getSuccess()).isEqualTo(e.success());
            assertThat(actual.getRejected()).isEqualTo(e.rejected());
            assertThat(actual.getUnderLatencyTarget()).isEqualTo(e.under());
            assertThat(actual.getCostUsdSum()).isCloseTo(e.cost(), within(1e-9));
            assertThat(actual.getCacheHits()).isEqualTo(e.cacheHits());
            assertThat(actual.getFailovers()).isEqualTo(e.failovers());
            assertThat(actual.getP95Ms()).isCloseTo(e.exactP95(), within(e.exactP95() * 0.01 + 1e-9));
        }

        // And the pages are the brute-force pages, at the same evaluated_at and started_at
        List<BruteForceSlo.Page> expectedPages = expected.pages(lastEnd);
        List<Row> actualRows = pages.stream().map(p -> new Row(p.getEvaluatedAt(), p.getAlertKey(), p.getState().name(), p.getStartedAt()))
                .sorted(Row.ORDER).toList();
        List<Row> expectedRows = expectedPages.stream().map(p -> new Row(p.evaluatedAt(), p.alertKey(), p.state(), p.startedAt()))
                .sorted(Row.ORDER).toList();
        assertThat(actualRows).isEqualTo(expectedRows);

        // And the scripted incidents are among them (the comparison is not vacuous)
        assertThat(expectedPages).extracting(BruteForceSlo.Page::alertKey)
                .contains("p95_latency|global", "success_rate|global", "avg_cost|global", "burn_rate_fast|global")
                .doesNotContain("results_absent|global");
        long dipEnd = BruteForceSlo.floorMin(expected.accepted.getFirst().t()) + 14 * BruteForceSlo.HOUR + 10 * BruteForceSlo.MIN;
        assertThat(expectedPages).noneMatch(p -> p.alertKey().equals("success_rate|global")
                && p.evaluatedAt() > dipEnd - 20 * BruteForceSlo.MIN && p.evaluatedAt() <= dipEnd);
    }

    private record Row(long evaluatedAt, String alertKey, String state, long startedAt) {
        static final Comparator<Row> ORDER = Comparator.comparingLong(Row::evaluatedAt).thenComparing(Row::alertKey).thenComparing(Row::state);
    }
}

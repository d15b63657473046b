package dev.keel.slo;

import dev.keel.config.SloConfig;
import dev.keel.schemas.KeelSerde;
import dev.keel.schemas.Lane;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;
import dev.keel.schemas.SliSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static dev.keel.slo.Results.at;
import static dev.keel.slo.Results.minute;
import static org.assertj.core.api.Assertions.assertThat;

/** Each snapshot carries its window's latency sketch; merged over a window they give the status endpoint's p95 exactly. */
class SliSketchTest {

    private static final Logger LOGGER = LoggerFactory.getLogger(SliSketchTest.class);

    @TempDir
    Path state;

    @Test
    void shouldGiveTheStatusP95ExactlyWhenTheSnapshotsSketchesOfTheWindowAreMerged() {
        try (SloHarness slo = new SloHarness(SloConfig.defaults(), state)) {
            // Given 90 minutes (a whole hour rolled up, then 30 minutes) of lognormal latencies over two tenants and both lanes,
            // with a slow spell, some failures and some rejections
            SplittableRandom rnd = new SplittableRandom(11);
            List<PromptResult> results = new ArrayList<>();
            for (int m = 0; m < 90; m++) {
                int n = 5 + rnd.nextInt(60);
                for (int i = 0; i < n; i++) {
                    boolean slow = m >= 40 && m < 55 && rnd.nextDouble() < 0.5;
                    long latency = slow ? 3_000 + rnd.nextInt(4_000) : Math.round(Math.exp(6.2 + 0.5 * rnd.nextGaussian()));
                    double kind = rnd.nextDouble();
                    results.add(at(minute(m) + i * (60_000L / n)).tenant(rnd.nextBoolean() ? "acme" : "globex")
                            .lane(rnd.nextDouble() < 0.2 ? Lane.BATCH : Lane.INTERACTIVE).latency(latency)
                            .status(kind < 0.03 ? ResultStatus.FAILED : kind < 0.05 ? ResultStatus.REJECTED : ResultStatus.SUCCESS).build());
                }
            }
            slo.results(results);

            // When minute 89 closes
            slo.result(at(minute(90) + 10_000).build());

            // Then every snapshot has a sketch, with as many samples as it served
            List<SliSnapshot> slis = slo.slis();
            assertThat(slis).isNotEmpty().allSatisfy(s -> {
                assertThat(s.getLatencySketch()).isNotNull();
                long samples = new MergedLatency().add(s.getLatencySketch()).count();
                assertThat(samples).isEqualTo(s.getCount() - s.getRejected());
            });

            // And, per scope, the INTERACTIVE sketches of the 90 minutes merged give the 30d p50, p95 and p99 of the status exactly
            StoreStatusSource source = new StoreStatusSource(() -> slo.store(SloTopology.STATUS_STORE),
                    () -> slo.store(SloTopology.META_STORE), slo.metrics, InstantSource.fixed(Instant.ofEpochMilli(42)));
            StatusSnapshot status = ((StatusReading.Ready) source.read()).snapshot();
            assertThat(status.evaluatedThrough()).isEqualTo(minute(90));
            for (String scope : List.of("global", "tenant:acme", "tenant:globex")) {
                MergedLatency merged = new MergedLatency();
                slis.stream().filter(s -> s.getScope().equals(scope) && s.getLane() == Lane.INTERACTIVE && s.getWindowStart() >= minute(0)
                        && s.getWindowEnd() <= minute(90)).forEach(s -> merged.add(s.getLatencySketch()));
                StatusSnapshot.Sli sli30 = status.scope(scope).orElseThrow().slis().get("30d");
                assertThat(merged.quantile(0.95)).as(scope).isEqualTo(sli30.p95Ms());
                assertThat(merged.quantile(0.50)).as(scope).isEqualTo(sli30.p50Ms());
                assertThat(merged.quantile(0.99)).as(scope).isEqualTo(sli30.p99Ms());
            }
            assertThat(status.scope("global").orElseThrow().slis().get("30d").p95Ms()).isGreaterThan(1_000);

            // (what the field costs: bytes per snapshot, and the whole encoded snapshot, logged for slo-streams/README.md)
            KeelSerde<SliSnapshot> serde = KeelSerde.of(SliSnapshot.class);
            double sketchBytes = slis.stream().mapToInt(s -> s.getLatencySketch().remaining()).average().orElseThrow();
            double recordBytes = slis.stream().mapToInt(s -> serde.encode(s).length).average().orElseThrow();
            int maxSketch = slis.stream().mapToInt(s -> s.getLatencySketch().remaining()).max().orElseThrow();
            LOGGER.info(String.format("latency_sketch: %.0f bytes on average (max %d) per snapshot; whole snapshot %.0f bytes", sketchBytes, maxSketch, recordBytes));
        }
    }

    @Test
    void shouldKeepTheSketchUnderAKilobyteWhenAMinuteIsBusy() {
        // Given minutes of 100, 1,000 and 10,000 lognormal latencies (median ~500 ms, a 5% tail at 3-30 s)
        SplittableRandom rnd = new SplittableRandom(5);
        StringBuilder sizes = new StringBuilder();
        for (int n : new int[]{100, 1_000, 10_000}) {
            MergedLatency minute = new MergedLatency();
            for (int i = 0; i < n; i++) {
                minute.add(rnd.nextDouble() < 0.05 ? 3_000 + rnd.nextInt(27_000) : Math.exp(6.2 + 0.5 * rnd.nextGaussian()));
            }

            // When encoded as latency_sketch
            byte[] encoded = minute.encode();

            // Then it stays small (one bin per 2% of the latency range in use), and decodes to the same quantiles
            assertThat(encoded.length).as("%d samples", n).isLessThan(1_024);
            MergedLatency decoded = new MergedLatency().add(java.nio.ByteBuffer.wrap(encoded));
            assertThat(decoded.count()).isEqualTo(n);
            assertThat(decoded.quantile(0.95)).isEqualTo(minute.quantile(0.95));
            sizes.append(String.format(" %,d samples: %d bytes;", n, encoded.length));
        }
        LOGGER.info("latency_sketch of a busy minute:{}", sizes);
    }

    @Test
    void shouldCarryAnEmptySketchWhenTheWindowServedNothing() {
        try (SloHarness slo = new SloHarness(SloConfig.defaults(), state)) {
            slo.result(at(minute(0.5)).status(ResultStatus.REJECTED).build());
            slo.result(at(minute(1) + 10_000).build());

            SliSnapshot global = SliSnapshotTest.byScope(slo.slis(), minute(0), Lane.INTERACTIVE).get("global");
            assertThat(global.getLatencySketch().remaining()).isZero();
            assertThat(new MergedLatency().add(global.getLatencySketch()).quantile(0.95)).isNull();
        }
    }
}

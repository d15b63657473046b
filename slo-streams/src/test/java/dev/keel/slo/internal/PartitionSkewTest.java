package dev.keel.slo.internal;

import dev.keel.config.SloConfig;
import dev.keel.schemas.Lane;
import dev.keel.schemas.ResultStatus;
import dev.keel.slo.SloMetrics;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The results partitions reach the engine interleaved in chunks: during a replay one partition may be
 * minutes ahead of another. Windows must wait for the slowest partition, so nothing is late.
 */
class PartitionSkewTest {

    private static final long T0 = Instant.parse("2030-01-01T10:00:00Z").toEpochMilli();
    private static final long WALL = Instant.parse("2031-01-01T00:00:00Z").toEpochMilli();

    private EnginePipeline engine(SloMetrics metrics, int partitions) {
        return new EnginePipeline(SloConfig.defaults(), metrics, partitions, WALL);
    }

    private static Observation result(long t, int partition) {
        return new Observation(Observation.Kind.RESULT, t, "r-" + t + "-" + partition, "acme", "chat", "primary", Lane.INTERACTIVE,
                ResultStatus.SUCCESS, 300, 0.001, false, false, partition);
    }

    @Test
    void shouldWaitForTheSlowestPartitionWhenOneRunsMinutesAhead() {
        // Given three partitions, each with 10 minutes of results in order, delivered one whole partition after the other
        SloMetrics metrics = SloMetrics.standalone();
        EnginePipeline engine = engine(metrics, 3);
        List<EngineOutput> out = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            for (int m = 0; m < 10; m++) {
                for (int i = 0; i < 5; i++) {
                    out.addAll(engine.observe(result(T0 + m * 60_000L + i * 11_000L + p * 1000L, p), WALL + p));
                }
            }
            // Then while a partition has not caught up, minute 0 stays open
            if (p < 2) {
                assertThat(out).isEmpty();
            }
        }

        // Then nothing was late and minutes 0..8 closed with all 15 results each
        assertThat(metrics.lateResults()).isZero();
        List<EngineOutput.Sli> globals = out.stream().filter(o -> o instanceof EngineOutput.Sli s && s.key().equals("global"))
                .map(o -> (EngineOutput.Sli) o).toList();
        assertThat(globals).hasSize(9).allSatisfy(s -> assertThat(s.value().getCount()).isEqualTo(15));
    }

    @Test
    void shouldStopWaitingForAPartitionOnceItIsIdle() {
        // Given two partitions, only partition 0 gets results: 00:30, then 05:00
        EnginePipeline engine = engine(SloMetrics.standalone(), 2);
        engine.observe(result(T0 + 30_000, 0), WALL);
        assertThat(engine.observe(result(T0 + 5 * 60_000L, 0), WALL)).isEmpty();

        // When 4 s of wall time pass, partition 1 (silent since the clock started at 00:30) still counts: 00:34
        assertThat(engine.tick(WALL + 4_000)).isEmpty();

        // Then at 5 s both are idle (the 5 s default): effective time is 05:05 and minutes 0..3 close
        List<EngineOutput> out = engine.tick(WALL + 5_000);
        assertThat(out).filteredOn(o -> o instanceof EngineOutput.Sli).isNotEmpty();
        assertThat(engine.closedThrough()).isEqualTo(T0 + 4 * 60_000L);
    }
}

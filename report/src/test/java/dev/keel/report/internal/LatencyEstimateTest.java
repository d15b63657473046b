package dev.keel.report.internal;

import dev.keel.schemas.SliSnapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencyEstimateTest {

    @Test
    void shouldEstimateADaysP95WithinFivePercentWhenMinutesAreSmallAndOneIncidentIsSlow() {
        // Given 960 minutes of 25 lognormal latencies (median ~500 ms), 25 of them with 60% at 3-6 s
        SplittableRandom rnd = new SplittableRandom(7);
        List<LatencyEstimate.Minute> minutes = new ArrayList<>();
        List<Double> all = new ArrayList<>();
        for (int m = 0; m < 960; m++) {
            double[] v = new double[25];
            for (int i = 0; i < v.length; i++) {
                v[i] = m >= 180 && m < 205 && rnd.nextDouble() < 0.6 ? 3_000 + rnd.nextInt(3_000) : Math.exp(6.2 + 0.45 * rnd.nextGaussian());
                all.add(v[i]);
            }
            Arrays.sort(v);
            long under = Arrays.stream(v).filter(x -> x <= 2_500).count();
            SliSnapshot s = SliSnapshot.newBuilder().setScope("global").setWindowStart(0).setWindowEnd(1).setCount(25).setSuccess(25)
                    .setP50Ms(rank(v, 0.5)).setP95Ms(rank(v, 0.95)).setP99Ms(rank(v, 0.99)).setUnderLatencyTarget(under).build();
            minutes.add(LatencyEstimate.of(s, 25, 2_500));
        }
        double[] sorted = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();

        // When
        Double estimate = LatencyEstimate.quantile(minutes, 0.95);

        // Then it is within 5% of the exact p95 of every sample
        double exact = rank(sorted, 0.95);
        assertThat(estimate).isCloseTo(exact, within(exact * 0.05));
    }

    @Test
    void shouldHaveNoEstimateWhenThereIsNoSample() {
        assertThat(LatencyEstimate.quantile(List.of(), 0.95)).isNull();
    }

    private static double rank(double[] sorted, double q) {
        return sorted[(int) Math.floor(q * (sorted.length - 1))];
    }
}

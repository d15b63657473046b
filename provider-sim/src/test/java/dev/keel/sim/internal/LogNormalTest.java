package dev.keel.sim.internal;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LogNormalTest {

    @Test
    void shouldMatchConfiguredMedianAndP95WhenSampledManyTimes() {
        // Given
        SplittableRandom random = new SplittableRandom(1);
        double[] samples = new double[40_000];

        // When
        for (int i = 0; i < samples.length; i++) {
            samples[i] = LogNormal.sample(400, 1200, random);
        }
        Arrays.sort(samples);

        // Then
        assertThat(samples[samples.length / 2]).isCloseTo(400, within(20.0));
        assertThat(samples[(int) (samples.length * 0.95)]).isCloseTo(1200, within(60.0));
        assertThat(samples[0]).isPositive();
    }

    @Test
    void shouldReturnZeroOrConstantWhenDistributionIsDegenerate() {
        SplittableRandom random = new SplittableRandom(1);
        assertThat(LogNormal.sample(0, 0, random)).isZero();
        assertThat(LogNormal.sample(50, 50, random)).isEqualTo(50);
    }
}

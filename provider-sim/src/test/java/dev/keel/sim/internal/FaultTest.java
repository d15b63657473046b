package dev.keel.sim.internal;

import dev.keel.sim.Faults;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class FaultTest {

    @Test
    void shouldPickNothingWhenAllRatesAreZero() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 1000; i++) {
            assertThat(Fault.decide(Faults.NONE, random)).isEqualTo(Fault.NONE);
        }
    }

    @Test
    void shouldPickTheFirstCertainFaultInFixedOrderWhenSeveralAreCertain() {
        Faults faults = Faults.NONE.withTruncation(1).withOverload(1).withResets(1);
        assertThat(Fault.decide(faults, new SplittableRandom(1))).isEqualTo(Fault.OVERLOAD);
    }

    @Test
    void shouldDrawTheSameNumberOfValuesWhateverTheRates() {
        // Given
        SplittableRandom a = new SplittableRandom(9);
        SplittableRandom b = new SplittableRandom(9);

        // When
        Fault.decide(Faults.NONE, a);
        Fault.decide(Faults.NONE.withErrors(1, 500).withMalformed(0.5), b);

        // Then: both streams are at the same position
        assertThat(a.nextLong()).isEqualTo(b.nextLong());
    }

    @Test
    void shouldHitRoughlyTheConfiguredRate() {
        SplittableRandom random = new SplittableRandom(5);
        int hits = 0;
        for (int i = 0; i < 10_000; i++) {
            if (Fault.decide(Faults.NONE.withErrors(0.3, 500), random) == Fault.ERROR_STATUS) {
                hits++;
            }
        }
        assertThat(hits).isBetween(2800, 3200);
    }
}

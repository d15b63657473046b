package dev.keel.config;

import dev.keel.config.Durations;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"500ms,500", "2s,2000", "2.5s,2500", "15m,900000", "1h,3600000", "30d,2592000000", "PT2S,2000", " 3s ,3000"})
    void shouldReadTheWaysPeopleWriteDurations(String text, long millis) {
        assertThat(Durations.parse(text)).contains(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "2 seconds", "1.0005s", "-1s", "s", "P", "2w"})
    void shouldRefuseWhatIsNotADuration(String text) {
        assertThat(Durations.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"2500,2500ms", "2000,2s", "900000,15m", "2592000000,30d", "0,0s"})
    void shouldFormatTheShortestExactForm(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
    }
}

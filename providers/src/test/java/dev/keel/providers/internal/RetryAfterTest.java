package dev.keel.providers.internal;

import org.junit.jupiter.api.Test;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static HttpHeaders headers(Map<String, String> values) {
        return HttpHeaders.of(values.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> List.of(e.getValue()))), (a, b) -> true);
    }

    @Test
    void shouldPreferMillisecondsWhenBothHeadersArePresent() {
        assertThat(RetryAfter.parse(headers(Map.of("retry-after-ms", "1500", "retry-after", "2")), NOW))
                .contains(Duration.ofMillis(1500));
    }

    @Test
    void shouldReadFractionalMillisecondsAndSeconds() {
        assertThat(RetryAfter.parse(headers(Map.of("retry-after-ms", "20.5")), NOW)).contains(Duration.ofNanos(20_500_000));
        assertThat(RetryAfter.parse(headers(Map.of("retry-after", "0.25")), NOW)).contains(Duration.ofMillis(250));
        assertThat(RetryAfter.parse(headers(Map.of("retry-after", "7")), NOW)).contains(Duration.ofSeconds(7));
    }

    @Test
    void shouldReadHttpDateRelativeToNowWhenRetryAfterIsADate() {
        assertThat(RetryAfter.parse(headers(Map.of("retry-after", "Thu, 01 Jan 2026 00:00:30 GMT")), NOW))
                .contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse(headers(Map.of("retry-after", "Wed, 31 Dec 2025 23:00:00 GMT")), NOW))
                .contains(Duration.ZERO);
    }

    @Test
    void shouldIgnoreGarbageAndNegativeValues() {
        assertThat(RetryAfter.parse(headers(Map.of("retry-after", "soon")), NOW)).isEmpty();
        assertThat(RetryAfter.parse(headers(Map.of("retry-after", "-3")), NOW)).isEmpty();
        assertThat(RetryAfter.parse(headers(Map.of("retry-after-ms", "NaN-ish", "retry-after", "1")), NOW))
                .contains(Duration.ofSeconds(1));
        assertThat(RetryAfter.parse(headers(Map.of()), NOW)).isEmpty();
    }
}

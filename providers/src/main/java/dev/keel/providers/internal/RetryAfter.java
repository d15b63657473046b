package dev.keel.providers.internal;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads how long a provider asked us to wait. {@code retry-after-ms} (OpenAI, milliseconds, may be
 * fractional) wins over {@code retry-after} (RFC 9110: delay-seconds or an HTTP-date; OpenAI and
 * Anthropic send seconds). Garbage or negative values count as absent.
 */
public final class RetryAfter {

    private static final Duration MAX = Duration.ofDays(1);

    private RetryAfter() {
    }

    public static Optional<Duration> parse(HttpHeaders headers, Instant now) {
        return parse(name -> headers.firstValue(name).orElse(null), now);
    }

    /** @param header a header's first value by (case-insensitive) name, or null when absent */
    public static Optional<Duration> parse(Function<String, String> header, Instant now) {
        Optional<Duration> ms = Optional.ofNullable(header.apply("retry-after-ms")).flatMap(RetryAfter::millis);
        return ms.isPresent() ? ms : Optional.ofNullable(header.apply("retry-after")).flatMap(v -> seconds(v, now));
    }

    static Optional<Duration> millis(String value) {
        try {
            double ms = Double.parseDouble(value.strip());
            return ms >= 0 && ms <= MAX.toMillis() ? Optional.of(Duration.ofNanos((long) (ms * 1_000_000))) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static Optional<Duration> seconds(String value, Instant now) {
        String v = value.strip();
        try {
            double s = Double.parseDouble(v);
            return s >= 0 && s <= MAX.toSeconds() ? Optional.of(Duration.ofMillis((long) (s * 1000))) : Optional.empty();
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(now, at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}

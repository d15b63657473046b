package dev.keel.alerts.internal;

import dev.keel.alerts.SendOutcome;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * POSTs one JSON body with the JDK {@link HttpClient} and hands the status, body and {@code Retry-After}
 * to the sink's classifier. Network failures and timeouts are {@link SendOutcome.Retryable}. Thread-safe.
 */
final class HttpJsonSender {

    /** What a sink makes of an HTTP answer. */
    interface Classifier {
        SendOutcome classify(int status, String body, Optional<Duration> retryAfter);
    }

    private final HttpClient client;
    private final URI url;
    private final Duration timeout;
    private final Redactor redactor;
    private final Clock clock;

    HttpJsonSender(HttpClient client, URI url, Duration timeout, Redactor redactor, Clock clock) {
        this.client = client;
        this.url = url;
        this.timeout = timeout;
        this.redactor = redactor;
        this.clock = clock;
    }

    SendOutcome post(String json, Map<String, String> headers, Classifier classifier) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "keel-alerts")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Optional<Duration> retryAfter = response.headers().firstValue("Retry-After").flatMap(this::retryAfter);
            return classifier.classify(response.statusCode(), redactor.clean(response.body()), retryAfter);
        } catch (IOException e) {
            return SendOutcome.Retryable.of(redactor.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendOutcome.Retryable.of("interrupted");
        }
    }

    /** {@code Retry-After}: delta-seconds or an HTTP date (RFC 9110). */
    Optional<Duration> retryAfter(String value) {
        String v = value.strip();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    /**
     * Every sink's answer to a status it did not accept: 408, 425, 429 and 5xx are retried (honouring
     * {@code Retry-After}), anything else is refused for good with {@code refusal} as the reason's tail.
     */
    static SendOutcome notAccepted(int status, String body, Optional<Duration> retryAfter, String refusal) {
        if (retryableStatus(status)) {
            return new SendOutcome.Retryable("HTTP " + status + (body.isEmpty() ? "" : ": " + body), retryAfter);
        }
        return new SendOutcome.Rejected("HTTP " + status + refusal);
    }

    static boolean retryableStatus(int status) {
        return status == 408 || status == 425 || status == 429 || status >= 500;
    }
}

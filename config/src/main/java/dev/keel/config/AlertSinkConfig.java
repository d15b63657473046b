package dev.keel.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One destination of {@code keel alerts} ({@code alerts.sinks.<name>}). URLs are secrets: a Slack
 * incoming-webhook URL is its own credential, and a client's webhook URL may carry a token. Error
 * messages therefore never quote a URL or a key.
 *
 * @param kind           the wire format
 * @param url            where to POST; PagerDuty defaults to the Events API v2 endpoint; not used by console
 * @param routingKey     PagerDuty integration (routing) key; required for pagerduty
 * @param hmacKey        webhook signing key (HMAC-SHA256); required for webhook
 * @param severities     which severities the sink takes (default both)
 * @param scopes         which scopes it takes: {@code *} (all, the default), an exact scope ({@code tenant:acme})
 *                       or a prefix ending in {@code *} ({@code tenant:*})
 * @param queueCapacity  pages waiting for this sink before new ones are given up at once (and recorded)
 * @param requestTimeout one HTTP call's timeout
 * @param retry          backoff and give-up budget
 * @param source         PagerDuty {@code payload.source} (default {@code keel})
 */
public record AlertSinkConfig(
        AlertSinkKind kind,
        Secret url,
        Secret routingKey,
        Secret hmacKey,
        List<SloSeverity> severities,
        List<String> scopes,
        Integer queueCapacity,
        Duration requestTimeout,
        AlertRetryConfig retry,
        String source) {

    public static final String PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";
    public static final int DEFAULT_QUEUE_CAPACITY = 1_000;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final String DEFAULT_SOURCE = "keel";

    public AlertSinkConfig {
        InvalidValueException.require(kind, "kind");
        if (kind == AlertSinkKind.PAGERDUTY && url == null) {
            url = Secret.of(PAGERDUTY_EVENTS_URL);
        }
        if (kind != AlertSinkKind.CONSOLE) {
            InvalidValueException.require(url, "url");
            checkUrl(url);
        }
        if (kind == AlertSinkKind.PAGERDUTY) {
            InvalidValueException.require(routingKey, "routing-key");
            InvalidValueException.check(!routingKey.isEmpty(), "routing-key", "must not be empty");
        }
        if (kind == AlertSinkKind.WEBHOOK) {
            InvalidValueException.require(hmacKey, "hmac-key");
            InvalidValueException.check(hmacKey.reveal().length() >= 16, "hmac-key", "must be at least 16 characters");
        }
        severities = List.copyOf(severities == null || severities.isEmpty() ? List.of(SloSeverity.PAGE, SloSeverity.TICKET) : severities);
        scopes = List.copyOf(scopes == null || scopes.isEmpty() ? List.of("*") : scopes);
        for (String scope : scopes) {
            InvalidValueException.check(scope != null && !scope.isBlank(), "scopes", "must not hold a blank scope");
            InvalidValueException.check(scope.indexOf('*') < 0 || scope.indexOf('*') == scope.length() - 1, "scopes",
                    "'" + scope + "': '*' may only end a prefix (tenant:*) or stand alone");
        }
        queueCapacity = queueCapacity == null ? DEFAULT_QUEUE_CAPACITY : queueCapacity;
        InvalidValueException.check(queueCapacity >= 1, "queue-capacity", "must be at least 1");
        requestTimeout = RoutingConfig.positive(requestTimeout, DEFAULT_REQUEST_TIMEOUT, "request-timeout");
        retry = retry == null ? AlertRetryConfig.defaults() : retry;
        source = source == null || source.isBlank() ? DEFAULT_SOURCE : source.strip();
    }

    /** Whether a page of {@code severity} for {@code scope} goes to this sink. */
    public boolean takes(SloSeverity severity, String scope) {
        if (!severities.contains(severity)) {
            return false;
        }
        for (String pattern : scopes) {
            if (pattern.endsWith("*") ? scope.startsWith(pattern.substring(0, pattern.length() - 1)) : scope.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    public AlertSinkConfig withUrl(Secret newUrl) {
        return new AlertSinkConfig(kind, newUrl, routingKey, hmacKey, severities, scopes, queueCapacity, requestTimeout, retry, source);
    }

    public AlertSinkConfig withRetry(AlertRetryConfig newRetry) {
        return new AlertSinkConfig(kind, url, routingKey, hmacKey, severities, scopes, queueCapacity, requestTimeout, newRetry, source);
    }

    /** A console sink taking every page (the demo's). */
    public static AlertSinkConfig console() {
        return new AlertSinkConfig(AlertSinkKind.CONSOLE, null, null, null, null, null, null, null, null, null);
    }

    private static void checkUrl(Secret url) {
        URI uri;
        try {
            uri = URI.create(url.reveal().strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("url", "not a valid URL (value not shown: it is a secret)");
        }
        InvalidValueException.check("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()), "url",
                "must be an http or https URL (value not shown: it is a secret)");
        InvalidValueException.check(uri.getHost() != null, "url", "must name a host (value not shown: it is a secret)");
    }
}

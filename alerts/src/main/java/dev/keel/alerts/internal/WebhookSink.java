package dev.keel.alerts.internal;

import dev.keel.alerts.PageId;
import dev.keel.alerts.SendOutcome;
import dev.keel.alerts.Sink;
import dev.keel.alerts.WebhookSignature;
import dev.keel.schemas.JsonCodec;
import dev.keel.schemas.PageEvent;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A generic JSON webhook: the PageEvent as JSON with its Avro field names, signed with HMAC-SHA256
 * ({@link WebhookSignature}). Any 2xx is accepted; 408, 425, 429 and 5xx are retried (honouring
 * {@code Retry-After}); other 4xx are final.
 */
public final class WebhookSink implements Sink {

    private final String name;
    private final HttpJsonSender http;
    private final WebhookSignature signature;
    private final Clock clock;

    WebhookSink(String name, HttpJsonSender http, WebhookSignature signature, Clock clock) {
        this.name = name;
        this.http = http;
        this.signature = signature;
        this.clock = clock;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SendOutcome send(PageEvent page) {
        String body = JsonCodec.toJson(page);
        long timestamp = clock.instant().getEpochSecond();
        return http.post(body, Map.of(
                WebhookSignature.EVENT_ID_HEADER, PageId.of(page).value(),
                WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp),
                WebhookSignature.SIGNATURE_HEADER, signature.sign(timestamp, body)), WebhookSink::classify);
    }

    static SendOutcome classify(int status, String body, Optional<Duration> retryAfter) {
        if (status / 100 == 2) {
            return new SendOutcome.Accepted(status);
        }
        return HttpJsonSender.notAccepted(status, body, retryAfter, body.isEmpty() ? "" : ": " + body);
    }
}

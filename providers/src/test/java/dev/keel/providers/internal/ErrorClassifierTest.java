package dev.keel.providers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.schemas.AttemptOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorClassifierTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return text.isEmpty() ? null : JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @ParameterizedTest(name = "{0} {1} -> {2} ({3})")
    @CsvSource(delimiter = '|', textBlock = """
            429 | {"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}                | RATE_LIMITED    | requests/rate_limit_exceeded
            429 | {"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}} | QUOTA_EXHAUSTED | insufficient_quota
            429 | {"type":"error","error":{"type":"rate_limit_error","message":"x"}}                                         | RATE_LIMITED    | rate_limit_error
            429 | {"type":"error","error":{"type":"rate_limit_error","message":"x","details":{"error_code":"enforced_spend_limit_reached"}}} | QUOTA_EXHAUSTED | rate_limit_error/enforced_spend_limit_reached
            402 | {"type":"error","error":{"type":"billing_error","message":"x"}}                                            | QUOTA_EXHAUSTED | billing_error
            400 | {"type":"error","error":{"type":"invalid_request_error","message":"Your credit balance is too low to access the Anthropic API."}} | QUOTA_EXHAUSTED | spend_limit
            400 | {"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: Field required"}}           | BAD_REQUEST     | invalid_request_error
            529 | {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}                                | OVERLOADED      | overloaded_error
            503 | {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}                                | OVERLOADED      | overloaded_error
            500 | {"error":{"message":"The server had an error","type":"server_error","code":null}}                         | SERVER_ERROR    | server_error
            502 | <html>bad gateway</html>                                                                                   | SERVER_ERROR    | http 502
            401 | {"error":{"message":"Incorrect API key provided: sk-ab********wxyz.","type":"invalid_request_error","code":"invalid_api_key"}} | AUTH | invalid_request_error/invalid_api_key
            403 | {"type":"error","error":{"type":"permission_error","message":"x"}}                                         | AUTH            | permission_error
            404 | {"error":{"message":"The model does not exist","type":"invalid_request_error","code":"model_not_found"}}   | BAD_REQUEST     | invalid_request_error/model_not_found
            413 | {"type":"error","error":{"type":"request_too_large","message":"x"}}                                        | BAD_REQUEST     | request_too_large
            408 |                                                                                                            | TIMEOUT         | http 408
            409 |                                                                                                            | SERVER_ERROR    | http 409
            302 |                                                                                                            | PROTOCOL        | unexpected http 302
            """)
    void shouldClassifyStatusAndErrorBodyIntoOneTaxonomy(int status, String body, AttemptOutcome outcome, String detail) {
        // Given
        JsonNode parsed = body == null || body.startsWith("<") ? null : json(body);

        // When
        Failure failure = ErrorClassifier.classifyStatus(status, parsed, Duration.ofSeconds(2));

        // Then
        assertThat(failure.outcome()).isEqualTo(outcome);
        assertThat(failure.detail()).isEqualTo(detail);
    }

    @Test
    void shouldKeepRetryAfterOnlyWhenRetryingCanHelp() {
        Duration wait = Duration.ofMillis(1500);
        assertThat(ErrorClassifier.classifyStatus(429, null, wait).retryAfter()).isEqualTo(wait);
        assertThat(ErrorClassifier.classifyStatus(529, null, wait).retryAfter()).isEqualTo(wait);
        assertThat(ErrorClassifier.classifyStatus(503, null, wait).retryAfter()).isEqualTo(wait);
        assertThat(ErrorClassifier.classifyStatus(429, json("{\"error\":{\"type\":\"insufficient_quota\"}}"), wait).retryAfter()).isNull();
        assertThat(ErrorClassifier.classifyStatus(401, null, wait).retryAfter()).isNull();
    }

    @Test
    void shouldNeverEchoProviderTextWhenTypeIsNotAnIdentifier() {
        // Given: a "type" that is really a sentence (some compatible servers do this)
        JsonNode body = json("{\"error\":{\"type\":\"Invalid key sk-live-abc123 for org\",\"message\":\"sk-live-abc123\"}}");

        // When
        Failure failure = ErrorClassifier.classifyStatus(401, body, null);

        // Then
        assertThat(failure.detail()).isEqualTo("http 401");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "overloaded_error, OVERLOADED",
            "api_error, SERVER_ERROR",
            "server_error, SERVER_ERROR",
            "rate_limit_error, RATE_LIMITED",
            "insufficient_quota, QUOTA_EXHAUSTED",
            "invalid_request_error, PROTOCOL",
            "something_new, PROTOCOL"})
    void shouldMapInBandErrorTypesWhenErrorArrivesInside200(String type, AttemptOutcome outcome) {
        Failure failure = ErrorClassifier.classifyInBand(json("{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"m\"}}"));
        assertThat(failure.outcome()).isEqualTo(outcome);
        assertThat(failure.detail()).isEqualTo("in-stream " + type);
    }
}

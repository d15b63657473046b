package dev.keel.gateway.internal;

import dev.keel.client.KeelClientException;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;

/**
 * An answer that is not a completion, in OpenAI's error terms: HTTP status, {@code type},
 * {@code code}, {@code param} and a message that never carries a prompt or a secret.
 *
 * @param retryAfterSeconds sent as {@code Retry-After} when set
 */
public record Failure(int status, String type, String code, String param, String message, Integer retryAfterSeconds) {

    public static final String INVALID_REQUEST = "invalid_request_error";
    public static final String SERVER_ERROR = "server_error";

    public static Failure badRequest(String param, String message) {
        return new Failure(400, INVALID_REQUEST, param == null ? "invalid_json" : "invalid_value", param, message, null);
    }

    public static Failure unauthorized() {
        return new Failure(401, INVALID_REQUEST, "invalid_api_key",
                null, "Incorrect or missing API key: send 'Authorization: Bearer <key>' with a key this gateway knows.", null);
    }

    public static Failure unavailable(String code, String message) {
        return new Failure(503, SERVER_ERROR, code, null, message, 1);
    }

    /** Failures this close to the deadline were cut by it (the worker bounds every attempt by the deadline). */
    static final long DEADLINE_SLACK_MS = 100;

    /**
     * The HTTP answer of a result that is not a SUCCESS. A FAILED result completed at the request's
     * deadline is a 504, whatever its code: the deadline, not the providers, ended it.
     */
    public static Failure of(PromptResult result, long deadlineMs) {
        String code = result.getError() == null ? "" : result.getError().getCode();
        String message = result.getError() == null ? result.getStatus().name() : result.getError().getMessage();
        if (result.getStatus() == ResultStatus.REJECTED) {
            if (code.startsWith("BUDGET_") && !code.equals("BUDGET_INVALID_REQUEST")) {
                return new Failure(429, "insufficient_quota", code.toLowerCase(), null, "Rejected by Keel's budget guard: " + message, null);
            }
            return new Failure(400, INVALID_REQUEST, code.toLowerCase(), null, message, null);
        }
        if (result.getStatus() == ResultStatus.FAILED && result.getCompletedAt() + DEADLINE_SLACK_MS >= deadlineMs) {
            return new Failure(504, SERVER_ERROR, "deadline_exceeded", null, "The request's deadline passed: " + message, null);
        }
        return switch (code) {
            case "DEADLINE_EXCEEDED" -> new Failure(504, SERVER_ERROR, "deadline_exceeded", null, message, null);
            case "ALL_PROVIDERS_FAILED" -> new Failure(503, SERVER_ERROR, "all_providers_failed", null, message, 1);
            case "BAD_REQUEST" -> new Failure(400, INVALID_REQUEST, "provider_bad_request", null, message, null);
            default -> new Failure(502, SERVER_ERROR, code.isEmpty() ? "failed" : code.toLowerCase(), null, message, 1);
        };
    }

    /** The HTTP answer when no result came: the client's reasons. */
    public static Failure of(Throwable error) {
        return switch (error) {
            case KeelClientException.TimedOut t -> new Failure(504, SERVER_ERROR, "deadline_exceeded", null,
                    "No result within the request's deadline (request_id " + t.requestId() + ").", null);
            case KeelClientException.Overloaded o -> unavailable("overloaded", "The gateway has too many requests waiting; retry shortly.");
            case KeelClientException.Closed c -> unavailable("shutting_down",
                    "The gateway is restarting; retry with the same Idempotency-Key (request_id " + c.requestId() + ").");
            case KeelClientException.PublishFailed p -> unavailable("kafka_unavailable", "The request could not be queued; retry shortly.");
            case KeelClientException.DuplicateRequestId d -> new Failure(409, INVALID_REQUEST, "idempotency_key_in_use", "Idempotency-Key",
                    "A request with this Idempotency-Key is still in progress.", 1);
            default -> new Failure(500, SERVER_ERROR, "internal", null, "Internal error in the gateway.", null);
        };
    }
}

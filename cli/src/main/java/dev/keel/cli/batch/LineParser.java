package dev.keel.cli.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.schemas.Decoded;
import dev.keel.schemas.JsonCodec;
import dev.keel.schemas.Lane;
import dev.keel.schemas.MessageRole;
import dev.keel.schemas.PromptRequest;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One input line → the request keel batch sends, or the reason it cannot. A line is a PromptRequest
 * in JSON (Avro field names); {@code request_id}, {@code lane}, {@code reply_to} and {@code created_at}
 * are the job's: the id is derived from the job and the line number (so a resume can never send a line
 * under a second id), a given id is kept as the attribute {@code keel.batch.input_request_id}.
 * {@code tenant_id} and {@code feature} default to {@code --tenant} / {@code --feature}. Thread-safe.
 */
final class LineParser {

    static final String ATTR_JOB = "keel.batch.job";
    static final String ATTR_LINE = "keel.batch.line";
    static final String ATTR_INPUT_ID = "keel.batch.input_request_id";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A line that can be sent, or one that cannot (with the reason, which names no secret and no prompt). */
    sealed interface Parsed permits Valid, Invalid {
        long line();
    }

    record Valid(long line, PromptRequest request) implements Parsed {
    }

    record Invalid(long line, String tenant, String feature, String reason) implements Parsed {
    }

    private final String job;
    private final String defaultTenant;
    private final String defaultFeature;
    private final String replyTo;
    private final BigDecimal maxCostPerRequest;

    LineParser(String job, String defaultTenant, String defaultFeature, String replyTo, BigDecimal maxCostPerRequest) {
        this.job = job;
        this.defaultTenant = defaultTenant;
        this.defaultFeature = defaultFeature;
        this.replyTo = replyTo;
        this.maxCostPerRequest = maxCostPerRequest;
    }

    static String requestId(String job, long line) {
        return "batch:" + job + ":" + line;
    }

    /** The line number of one of this job's request ids, or -1. */
    static long lineOf(String job, String requestId) {
        String prefix = "batch:" + job + ":";
        if (requestId == null || !requestId.startsWith(prefix)) {
            return -1;
        }
        try {
            return Long.parseLong(requestId.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    Parsed parse(long line, String text, long now) {
        if (text.isBlank()) {
            return new Invalid(line, defaultTenant, defaultFeature, "empty line");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            // Jackson quotes the offending token, which may be part of a prompt: the reason keeps the position only.
            return new Invalid(line, defaultTenant, defaultFeature, "not valid JSON at column " + e.getLocation().getColumnNr() + ": "
                    + e.getOriginalMessage().replaceAll("'[^']{2,}'", "'…'").lines().findFirst().orElse(""));
        }
        if (!(node instanceof ObjectNode object)) {
            return new Invalid(line, defaultTenant, defaultFeature, "expected a JSON object (a PromptRequest)");
        }
        String givenId = object.path("request_id").isTextual() ? object.get("request_id").asText() : null;
        if (!object.path("tenant_id").isTextual() && defaultTenant != null) {
            object.put("tenant_id", defaultTenant);
        }
        if (!object.path("feature").isTextual() && defaultFeature != null) {
            object.put("feature", defaultFeature);
        }
        String tenant = object.path("tenant_id").asText(null);
        String feature = object.path("feature").asText(null);
        object.put("request_id", requestId(job, line));
        object.put("created_at", now);
        object.put("lane", Lane.BATCH.name());
        object.put("reply_to", replyTo);
        Decoded<PromptRequest> decoded = JsonCodec.read(object, PromptRequest.class);
        if (!(decoded instanceof Decoded.Ok<PromptRequest> ok)) {
            return new Invalid(line, tenant, feature, ((Decoded.Failed<PromptRequest>) decoded).failure().message());
        }
        PromptRequest request = ok.value();
        if (request.getTenantId().isBlank() || request.getFeature().isBlank()) {
            return new Invalid(line, tenant, feature, request.getTenantId().isBlank() ? "tenant_id is empty (or pass --tenant)"
                    : "feature is empty (or pass --feature)");
        }
        if (request.getMessages().stream().noneMatch(m -> m.getRole() == MessageRole.user && !m.getContent().isBlank())) {
            return new Invalid(line, tenant, feature, "messages: no user message");
        }
        Map<String, String> attributes = new LinkedHashMap<>(request.getAttributes());
        attributes.put(ATTR_JOB, job);
        attributes.put(ATTR_LINE, String.valueOf(line));
        if (givenId != null) {
            attributes.put(ATTR_INPUT_ID, givenId);
        }
        double cap = maxCostPerRequest.doubleValue();
        return new Valid(line, PromptRequest.newBuilder(request).setAttributes(attributes)
                .setMaxCostUsd(request.getMaxCostUsd() == null ? cap : Math.min(request.getMaxCostUsd(), cap)).build());
    }
}

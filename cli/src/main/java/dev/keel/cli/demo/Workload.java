package dev.keel.cli.demo;

import dev.keel.schemas.CacheMode;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.Lane;
import dev.keel.schemas.MessageRole;
import dev.keel.schemas.PromptRequest;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * The demo's traffic: three tenants, four features, one request in three a popular prompt that
 * repeats (so the response cache has work) and the rest unique, a stable system block per feature (so prompt caching shows), and one
 * request in seven on the batch lane. Deterministic for a seed. Not thread-safe: one producer thread.
 */
final class Workload {

    private static final List<String> TENANTS = List.of("acme", "globex", "initech");
    private static final Map<String, String> SYSTEM = Map.of(
            "summarize", "You summarize business documents for executives. Answer in at most three sentences, plain text, no preamble.",
            "classify", "You label customer messages with exactly one of: billing, outage, feature-request, praise, other.",
            "extract", "You extract the company names, dates and amounts from the text as a compact JSON object.",
            "chat", "You are the support assistant of a SaaS company. Be brief, friendly and precise.");
    private static final List<String> FEATURES = List.of("summarize", "classify", "extract", "chat");
    private static final List<String> SUBJECTS = List.of("the Q3 revenue report", "the incident review of March 4", "the vendor contract renewal",
            "the hiring plan for 2027", "the customer churn analysis", "the data retention policy", "the board meeting notes",
            "the pricing change announcement", "the security audit findings", "the product roadmap update", "the onboarding survey",
            "the cloud spend forecast");

    private final RandomGenerator random;

    Workload(RandomGenerator random) {
        this.random = random;
    }

    PromptRequest next() {
        String feature = FEATURES.get(random.nextInt(FEATURES.size()));
        String tenant = TENANTS.get(Math.min(random.nextInt(4), 2)); // acme sends half the traffic
        // A third of the traffic asks popular questions (a squared draw favours the first subjects), which the
        // response cache answers after the first time; the rest is about documents nobody asked about before.
        double u = random.nextDouble();
        String subject = random.nextInt(3) == 0 ? SUBJECTS.get((int) (u * u * SUBJECTS.size()))
                : SUBJECTS.get(random.nextInt(SUBJECTS.size())) + " (document " + (100_000 + random.nextInt(900_000)) + ")";
        boolean batch = random.nextInt(7) == 0;
        return PromptRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setTenantId(tenant)
                .setFeature(feature)
                .setCreatedAt(System.currentTimeMillis())
                .setPromptVersion(feature + "-v1")
                .setSystem(SYSTEM.get(feature))
                .setMessages(List.of(new ChatMessage(MessageRole.user, prompt(feature, subject))))
                .setMaxOutputTokens(48)
                .setTemperature(0.2)
                .setLane(batch ? Lane.BATCH : Lane.INTERACTIVE)
                .setCache(CacheMode.DEFAULT)
                .setAttributes(Map.of("source", "keel-demo"))
                .build();
    }

    private static String prompt(String feature, String subject) {
        return switch (feature) {
            case "summarize" -> "Summarize " + subject + ".";
            case "classify" -> "Classify this message: 'I have a question about " + subject + ".'";
            case "extract" -> "Extract the entities from " + subject + ".";
            default -> "Where can I find " + subject + "?";
        };
    }
}

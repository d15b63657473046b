package dev.keel.router.support;

import dev.keel.schemas.PromptRequest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The "same prompt, written differently" workload: 10 prompts, each sent in variants that differ only in
 * what does not change meaning — runs of spaces, trailing spaces, trailing newlines, line endings, and the
 * order of {@code attributes}.
 */
public final class Workloads {

    public static final List<String> PROMPTS = List.of(
            "Summarize the attached meeting notes in three bullet points.\nKeep names.",
            "Translate to French: the train leaves at nine.",
            "What is the boiling point of water at sea level, in Celsius?",
            "Write a haiku about Kafka partitions.",
            "List three risks of deploying on a Friday.\nBe brief.",
            "Explain idempotency keys to a new engineer.",
            "Classify the sentiment of: I waited two hours and nobody came.",
            "Give a regular expression that matches an ISO date.",
            "Suggest a name for a budget guardrail component.",
            "Convert 72 degrees Fahrenheit to Celsius and show the formula.");

    private Workloads() {
    }

    /** Variant {@code n} of a prompt; variant 0 is the prompt as written. */
    public static PromptRequest variant(String tenant, String prompt, int n, Random random) {
        String text = n == 0 ? prompt : respace(prompt, random);
        return Prompts.request(tenant, n == 0 ? "You are helpful." : "You are  helpful. \n", List.of(Prompts.user(text)))
                .setPromptVersion("v1")
                .setTemperature(0.0)
                .setMaxOutputTokens(200)
                .setAttributes(shuffledAttributes(random))
                .build();
    }

    private static String respace(String prompt, Random random) {
        String[] lines = prompt.split("\n");
        StringBuilder sb = new StringBuilder();
        for (int l = 0; l < lines.length; l++) {
            String[] words = lines[l].split(" ");
            for (int w = 0; w < words.length; w++) {
                sb.append(w == 0 ? "" : " ".repeat(1 + random.nextInt(3))).append(words[w]);
            }
            sb.append(" ".repeat(random.nextInt(3)));
            if (l < lines.length - 1) {
                sb.append(random.nextBoolean() ? "\r\n" : "\n");
            }
        }
        sb.append("\n".repeat(random.nextInt(4)));
        return sb.toString();
    }

    private static Map<String, String> shuffledAttributes(Random random) {
        List<String> keys = new ArrayList<>(List.of("team", "env", "trace"));
        Collections.shuffle(keys, random);
        Map<String, String> attributes = new LinkedHashMap<>();
        keys.forEach(k -> attributes.put(k, k + "-value"));
        return attributes;
    }
}

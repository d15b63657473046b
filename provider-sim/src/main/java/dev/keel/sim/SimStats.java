package dev.keel.sim;

import java.util.Map;

/**
 * Counters since start: requests per protocol and what each got.
 *
 * @param requests by protocol ({@code openai}, {@code anthropic})
 * @param answers  by what was sent: {@code ok}, {@code unauthorized}, {@code bad_request} or a fault name
 */
public record SimStats(Map<String, Long> requests, Map<String, Long> answers) {

    public SimStats {
        requests = Map.copyOf(requests);
        answers = Map.copyOf(answers);
    }

    public long answered(String what) {
        return answers.getOrDefault(what, 0L);
    }
}

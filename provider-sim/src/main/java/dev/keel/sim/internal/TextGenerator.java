package dev.keel.sim.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic model output: the same seed and the same prompt give the same words, whatever the
 * order or timing of requests. Each token is one word (with its leading space), so the reported
 * {@code output_tokens} is exactly the number of tokens streamed. Input tokens are estimated at four
 * characters per token plus a few per message, close to what BPE tokenizers give for English.
 */
final class TextGenerator {

    private static final String[] WORDS = {
            "the", "service", "keeps", "answers", "steady", "while", "traffic", "moves", "between", "two", "providers",
            "and", "every", "request", "gets", "one", "result", "with", "its", "latency", "cost", "budget", "cache",
            "stream", "token", "window", "error", "rate", "remains", "under", "target", "so", "users", "see", "a",
            "calm", "system", "that", "recovers", "quickly", "from", "faults", "in", "production", "today", "model",
            "prompt", "reply", "clear", "short", "summary", "of", "the", "main", "points", "is", "ready", "now"};
    private static final int MIN_WORDS = 12;
    private static final int SPREAD = 48;

    private final long seed;

    TextGenerator(long seed) {
        this.seed = seed;
    }

    /** At most {@code maxTokens} words. */
    List<String> tokens(ChatRequest request) {
        SplittableRandom random = new SplittableRandom(seed ^ promptHash(request));
        int natural = MIN_WORDS + random.nextInt(SPREAD);
        int n = Math.min(natural, request.maxTokens());
        List<String> tokens = new ArrayList<>(n);
        boolean sentenceStart = true;
        for (int i = 0; i < n; i++) {
            String word = WORDS[random.nextInt(WORDS.length)];
            if (sentenceStart) {
                word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
                sentenceStart = false;
            }
            boolean endSentence = i == n - 1 || random.nextInt(10) == 0;
            if (endSentence) {
                word = word + ".";
                sentenceStart = true;
            }
            tokens.add(i == 0 ? word : " " + word);
        }
        return tokens;
    }

    /** True when the natural answer is longer than {@code maxTokens} (stop reason {@code length} / {@code max_tokens}). */
    boolean hitsLimit(ChatRequest request) {
        SplittableRandom random = new SplittableRandom(seed ^ promptHash(request));
        return MIN_WORDS + random.nextInt(SPREAD) > request.maxTokens();
    }

    static int estimateTokens(String text) {
        return text == null || text.isEmpty() ? 0 : Math.max(1, (text.length() + 3) / 4);
    }

    /** Tokens of one message with its framing overhead. */
    static int messageTokens(String text) {
        return estimateTokens(text) + 4;
    }

    static long promptHash(ChatRequest request) {
        long h = fnv(0xcbf29ce484222325L, request.model());
        h = fnv(h, request.system() == null ? "" : request.system());
        for (ChatRequest.Turn turn : request.turns()) {
            h = fnv(fnv(h, turn.role()), turn.text());
        }
        return h;
    }

    static long fnv(long hash, String text) {
        long h = hash;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= 0xff;
        return h * 0x100000001b3L;
    }
}

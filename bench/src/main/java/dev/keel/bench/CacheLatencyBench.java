package dev.keel.bench;

import dev.keel.bench.load.LoadRequest;
import dev.keel.bench.load.LoadSpec;
import dev.keel.bench.load.PromptMix;
import dev.keel.bench.load.StackConfig;
import dev.keel.config.CacheConfig;
import dev.keel.config.DeliveryGuarantee;
import dev.keel.config.KeelConfig;
import dev.keel.config.Secret;
import dev.keel.router.cache.CacheKey;
import dev.keel.router.cache.CacheKeys;
import dev.keel.router.cache.CachedResponse;
import dev.keel.router.cache.Lookup;
import dev.keel.router.cache.ModelClass;
import dev.keel.router.cache.ResponseCache;
import dev.keel.router.cache.ResponseCaches;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.MessageRole;
import dev.keel.schemas.PromptRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The worker's cache against Redis: the latency of a hit and of a miss as the router sees it (building the key,
 * the Redis round trip, decoding), one lookup at a time, and the hit rate on the load generator's prompt mix
 * (a lookup per request, a write after each miss, as the router does). Keys carry a fresh prefix per run.
 */
final class CacheLatencyBench {

    private CacheLatencyBench() {
    }

    static void run(String[] args) {
        int lookups = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        double repeatShare = args.length > 1 ? Double.parseDouble(args[1]) : 0.2;
        String redis = args.length > 2 ? args[2] : "redis://127.0.0.1:6379";
        KeelConfig stack = StackConfig.of("127.0.0.1:9092", URI.create("http://127.0.0.1:1/v1"), URI.create("http://127.0.0.1:2"),
                1, null, DeliveryGuarantee.EXACTLY_ONCE, null);
        CacheKeys keys = CacheKeys.forProviders(stack.providers());
        CacheConfig config = new CacheConfig(true, Secret.of(redis), null, null, null, null, "keel-bench-" + UUID.randomUUID(), null);
        try (ResponseCache cache = ResponseCaches.create(config, Clock.systemUTC(), new SimpleMeterRegistry())) {
            CachedResponse answer = new CachedResponse("primary", "gpt-sim", "A one-sentence summary of the document, as the model wrote it.",
                    40, 16, System.currentTimeMillis());
            int stored = 1_000;
            for (int i = 0; i < stored; i++) {
                cache.put(key(keys, "stored " + i), answer);
            }
            // let asynchronous writes land, then warm the JIT on both paths before measuring
            measure(cache, keys, 2_000, stored);
            Histogram hit = new Histogram(60_000_000L, 3);
            Histogram miss = new Histogram(60_000_000L, 3);
            long[] wrong = measure(cache, keys, lookups, stored, hit, miss);
            System.out.printf(Locale.ROOT, "| cache hit (Redis) | %,d lookups, one at a time | p50 %.2f ms | p99 %.2f ms | max %.2f ms |%n",
                    hit.getTotalCount(), hit.getValueAtPercentile(50) / 1000.0, hit.getValueAtPercentile(99) / 1000.0, hit.getMaxValue() / 1000.0);
            System.out.printf(Locale.ROOT, "| cache miss (Redis) | %,d lookups, one at a time | p50 %.2f ms | p99 %.2f ms | max %.2f ms |%n",
                    miss.getTotalCount(), miss.getValueAtPercentile(50) / 1000.0, miss.getValueAtPercentile(99) / 1000.0, miss.getMaxValue() / 1000.0);
            if (wrong[0] + wrong[1] > 0) {
                System.out.printf("| unexpected | %d stored keys missed, %d unknown keys hit | | | |%n", wrong[0], wrong[1]);
            }
            hitRate(cache, keys, lookups, repeatShare);
        }
    }

    private static long[] measure(ResponseCache cache, CacheKeys keys, int lookups, int stored, Histogram... into) {
        long[] wrong = new long[2];
        String run = UUID.randomUUID().toString();
        for (int i = 0; i < lookups; i++) {
            boolean shouldHit = i % 2 == 0;
            String prompt = shouldHit ? "stored " + (i / 2 % stored) : "never stored " + run + " " + i;
            long start = System.nanoTime();
            Lookup found = cache.get(key(keys, prompt));
            long micros = (System.nanoTime() - start) / 1_000;
            boolean hit = found instanceof Lookup.Fresh;
            if (hit != shouldHit) {
                wrong[shouldHit ? 0 : 1]++;
            }
            if (into.length == 2) {
                into[shouldHit ? 0 : 1].recordValue(micros);
            }
        }
        return wrong;
    }

    private static void hitRate(ResponseCache cache, CacheKeys keys, int requests, double repeatShare) {
        LoadSpec spec = LoadSpec.of(1_000, Duration.ofSeconds(Math.max(1, requests / 1_000))).withWarmUp(Duration.ZERO)
                .withRepeatShare(repeatShare);
        PromptMix mix = new PromptMix(spec, "cache-" + UUID.randomUUID().toString().substring(0, 8));
        long hits = 0;
        long n = spec.measuredRequests();
        CachedResponse answer = new CachedResponse("primary", "gpt-sim", "An answer.", 20, 8, System.currentTimeMillis());
        for (long i = 0; i < n; i++) {
            LoadRequest request = mix.next(i, 0);
            CacheKey key = keys.of(request(request.tenant(), request.prompt()), ModelClass.STANDARD, request.maxOutputTokens());
            if (cache.get(key) instanceof Lookup.Fresh) {
                hits++;
            } else {
                cache.put(key, answer.withStoredAt(System.currentTimeMillis()));
            }
        }
        System.out.printf(Locale.ROOT, "| hit rate, repeat share %.2f (%d hot prompts) | %,d requests | %.1f%% hits | | |%n",
                repeatShare, spec.hotPrompts(), n, 100.0 * hits / n);
    }

    private static CacheKey key(CacheKeys keys, String prompt) {
        return keys.of(request("tenant-bench", "Summarize " + prompt + " in one sentence."), ModelClass.STANDARD, 16);
    }

    private static PromptRequest request(String tenant, String prompt) {
        return PromptRequest.newBuilder().setRequestId("cache-bench").setTenantId(tenant).setFeature("bench")
                .setMaxOutputTokens(16).setMessages(List.of(new ChatMessage(MessageRole.user, prompt))).build();
    }
}

package dev.keel.router.cache;

import dev.keel.config.CacheConfig;
import dev.keel.config.Secret;
import dev.keel.router.redis.RedisLink;
import dev.keel.router.cache.internal.RedisResponseCache;
import dev.keel.router.support.LogCapture;
import dev.keel.router.support.PausableTcpProxy;
import dev.keel.router.support.Prompts;
import dev.keel.testbase.MutableClock;
import dev.keel.testsupport.RedisSupport;
import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Redis store against a real Redis ({@code REDIS_URL} or 127.0.0.1:6379). */
class RedisResponseCacheIT extends ResponseCacheContract {

    private static final Duration TIMEOUT = Duration.ofMillis(250);

    private RedisSupport redis;

    @BeforeEach
    void connect() {
        redis = RedisSupport.connect();
    }

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    @Override
    ResponseCache create(MutableClock clock, MeterRegistry meters) {
        return ResponseCaches.create(redis.cacheConfig(TTL, STALE_WINDOW, TIMEOUT), clock, meters);
    }

    @Test
    void shouldKeepEachTenantInItsOwnKeyNamespaceWithTtlPlusStaleWindowAsRedisTtl() {
        // Given
        CacheKey acme = Prompts.KEYS.of(Prompts.ask("acme", "Our plans for 2026?"), ModelClass.STANDARD, 100);
        CacheKey odd = Prompts.KEYS.of(Prompts.ask("a:b{c}", "Our plans for 2026?"), ModelClass.STANDARD, 100);

        // When
        cache().put(acme, answer("secret plans"));
        cache().put(odd, answer("other plans"));
        await().untilAsserted(() -> assertThat(redis.keys()).hasSize(2));

        // Then
        assertThat(redis.keys()).containsExactlyInAnyOrder(
                redis.prefix() + ":cache:acme:" + acme.digest(),
                redis.prefix() + ":cache:a%3Ab%7Bc%7D:" + odd.digest());
        long ttlMs = redis.commands().pttl(redis.prefix() + ":cache:acme:" + acme.digest());
        assertThat(ttlMs).isBetween(TTL.plus(STALE_WINDOW).minusMinutes(1).toMillis(), TTL.plus(STALE_WINDOW).toMillis());
    }

    @Test
    void shouldNeverStoreThePromptTextInKeysOrValuesWhenWritingAnAnswer() {
        // Given
        CacheKey key = Prompts.KEYS.of(Prompts.ask("acme", "confidential merger with Initech"), ModelClass.STANDARD, 100);

        // When
        cache().put(key, answer("noted"));
        await().untilAsserted(() -> assertThat(redis.keys()).hasSize(1));

        // Then
        String redisKey = redis.keys().getFirst();
        assertThat(redisKey).doesNotContain("merger", "Initech");
        assertThat(redis.commands().get(redisKey)).doesNotContain("merger", "Initech").contains("\"output\":\"noted\"");
    }

    @Test
    void shouldMissQuicklyAndCountItWhenRedisIsDown() {
        // Given a Redis URI with a password, to a port nothing listens on
        String password = "hunter2-do-not-log";
        CacheConfig down = new CacheConfig(true, Secret.of(RedisSupport.closedPortUrl(password)), TTL, STALE_WINDOW,
                Duration.ofMillis(50), null, redis.prefix(), Duration.ofMillis(500));
        CacheKey key = Prompts.KEYS.of(Prompts.ask("acme", "anything"), ModelClass.STANDARD, 100);
        try (LogCapture logs = new LogCapture(); ResponseCache cache = ResponseCaches.create(down, clock, meters)) {

            // When
            for (int i = 0; i < 5; i++) {
                assertThat(cache.get(key)).isEqualTo(Lookup.MISS);
                cache.put(key, answer("x"));
            }

            // Then
            assertThat(lookups("error")).isEqualTo(5);
            assertThat(cache.stats().writeErrors()).isEqualTo(5);
            assertThat(logs.count(ch.qos.logback.classic.Level.WARN, "cache read failed")).isEqualTo(1);
            assertThat(logs.text()).doesNotContain(password);
        }
    }

    @Test
    void shouldMissWithinTheTimeoutAndServeAgainWhenRedisStallsAndRecovers() throws Exception {
        // Given a cache that reaches Redis through a proxy we can stall
        RedisURI target = RedisURI.create(redis.url());
        try (PausableTcpProxy proxy = new PausableTcpProxy(target.getHost(), target.getPort())) {
            CacheConfig viaProxy = redis.cacheConfig(TTL, STALE_WINDOW, TIMEOUT)
                    .withRedisUri(Secret.of("redis://127.0.0.1:" + proxy.port()));
            try (ResponseCache cache = ResponseCaches.create(viaProxy, clock, meters)) {
                CacheKey key = Prompts.KEYS.of(Prompts.ask("acme", "Weather?"), ModelClass.STANDARD, 100);
                cache.put(key, answer("sunny"));
                await().untilAsserted(() -> assertThat(cache.get(key)).isInstanceOf(Lookup.Fresh.class));

                // When Redis stalls
                proxy.pause();
                long started = System.nanoTime();
                Lookup stalled = cache.get(key);
                long waitedMs = (System.nanoTime() - started) / 1_000_000;

                // Then a miss, counted, bounded by the timeout (generous upper bound: this is not a benchmark)
                assertThat(stalled).isEqualTo(Lookup.MISS);
                assertThat(lookups("error")).isEqualTo(1);
                assertThat(waitedMs).isLessThan(TIMEOUT.toMillis() + 5_000);

                // And when it recovers, the entry is served again
                proxy.resume();
                await().untilAsserted(() -> assertThat(cache.get(key)).isInstanceOf(Lookup.Fresh.class));
            }
        }
    }

    @Test
    void shouldConnectInTheBackgroundAndServeWhenRedisComesUpAfterTheWorkerStarted() throws Exception {
        // Given a worker started while nothing listened on its Redis port
        String url = RedisSupport.closedPortUrl(null);
        int port = RedisURI.create(url).getPort();
        CacheConfig config = redis.cacheConfig(TTL, STALE_WINDOW, TIMEOUT).withRedisUri(Secret.of(url));
        RedisURI target = RedisURI.create(redis.url());
        try (ResponseCache cache = ResponseCaches.create(config, clock, meters)) {
            CacheKey key = Prompts.KEYS.of(Prompts.ask("acme", "Late start?"), ModelClass.STANDARD, 100);
            assertThat(cache.get(key)).isEqualTo(Lookup.MISS);

            // When Redis appears on that port (a proxy to the real one) and the reconnect back-off has passed
            try (PausableTcpProxy lateRedis = new PausableTcpProxy(target.getHost(), target.getPort(), port)) {
                clock.advance(RedisLink.RECONNECT_BACKOFF);

                // Then requests trigger a background connect and the cache starts serving
                await().untilAsserted(() -> {
                    cache.put(key, answer("yes"));
                    clock.advance(RedisLink.RECONNECT_BACKOFF);
                    assertThat(cache.get(key)).isInstanceOf(Lookup.Fresh.class);
                });
            }
        }
    }

    @Test
    void shouldTreatACorruptEntryAsAMissWhenTheValueIsNotACachedAnswer() {
        // Given
        CacheKey key = Prompts.KEYS.of(Prompts.ask("acme", "Corrupt?"), ModelClass.STANDARD, 100);
        RedisResponseCache store = (RedisResponseCache) cache();
        redis.commands().set(store.redisKey(key), "not json");

        // When / Then
        assertThat(cache().get(key)).isEqualTo(Lookup.MISS);
        assertThat(lookups("error")).isEqualTo(1);
        assertThat(List.of(redis.commands().get(store.redisKey(key)))).containsExactly("not json");
    }
}

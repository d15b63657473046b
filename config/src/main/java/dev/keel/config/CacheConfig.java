package dev.keel.config;

import java.time.Duration;

/**
 * The write-through response cache and, when Redis is configured, the shared budget ledger.
 *
 * @param redisUri    {@code redis://host:6379}; unset means an in-process cache (the embedded default).
 *                    A secret: it may carry a password.
 * @param ttl         how long an entry is served fresh
 * @param staleWindow how long past {@code ttl} an entry may still be served STALE when every provider fails
 * @param timeout     the longest a Redis call may take before Keel goes on without it (fail-open)
 * @param maxEntries  capacity of the in-process cache
 * @param keyPrefix   first segment of every Redis key Keel writes (cache entries and budget ledger)
 * @param connectTimeout the longest a (re)connect to Redis may take; requests never wait for one
 */
public record CacheConfig(Boolean enabled, Secret redisUri, Duration ttl, Duration staleWindow, Duration timeout,
                          Integer maxEntries, String keyPrefix, Duration connectTimeout) {

    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    public static final Duration DEFAULT_STALE_WINDOW = Duration.ofHours(24);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(50);
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    public static final String DEFAULT_KEY_PREFIX = "keel";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);

    public CacheConfig {
        enabled = enabled == null || enabled;
        redisUri = redisUri == null || redisUri.isEmpty() ? null : redisUri;
        if (redisUri != null) {
            String uri = redisUri.reveal();
            InvalidValueException.check(uri.startsWith("redis://") || uri.startsWith("rediss://") || uri.startsWith("redis-sentinel://"),
                    "redis-uri", "must start with redis://, rediss:// or redis-sentinel://");
        }
        ttl = RoutingConfig.positive(ttl, DEFAULT_TTL, "ttl");
        staleWindow = staleWindow == null ? DEFAULT_STALE_WINDOW : staleWindow;
        InvalidValueException.check(!staleWindow.isNegative(), "stale-window", "must not be negative");
        timeout = RoutingConfig.positive(timeout, DEFAULT_TIMEOUT, "timeout");
        maxEntries = maxEntries == null ? DEFAULT_MAX_ENTRIES : maxEntries;
        InvalidValueException.check(maxEntries > 0, "max-entries", "must be positive");
        keyPrefix = keyPrefix == null ? DEFAULT_KEY_PREFIX : keyPrefix;
        InvalidValueException.check(keyPrefix.matches("[A-Za-z0-9._-]+"), "key-prefix",
                "must be letters, digits, '.', '_' or '-'");
        connectTimeout = RoutingConfig.positive(connectTimeout, DEFAULT_CONNECT_TIMEOUT, "connect-timeout");
    }

    public static CacheConfig defaults() {
        return new CacheConfig(null, null, null, null, null, null, null, null);
    }

    /** The same settings with another Redis URI (null: in-process). */
    public CacheConfig withRedisUri(Secret uri) {
        return new CacheConfig(enabled, uri, ttl, staleWindow, timeout, maxEntries, keyPrefix, connectTimeout);
    }

    /** The same settings with another key prefix (tests use a random one per run). */
    public CacheConfig withKeyPrefix(String prefix) {
        return new CacheConfig(enabled, redisUri, ttl, staleWindow, timeout, maxEntries, prefix, connectTimeout);
    }

    public boolean usesRedis() {
        return redisUri != null;
    }
}

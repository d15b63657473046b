package dev.keel.router.support;

import dev.keel.config.CacheConfig;
import dev.keel.config.Secret;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.fail;

/**
 * The real Redis the IT tests talk to: {@code REDIS_URL}, else {@code redis://127.0.0.1:6379}. A Redis that
 * does not answer fails the test with how to start one; it is never skipped. Each test uses a random key
 * prefix and deletes its keys afterwards.
 */
public final class RedisSupport implements AutoCloseable {

    private final String url;
    private final String prefix;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    private RedisSupport(String url, String prefix) {
        this.url = url;
        this.prefix = prefix;
        this.client = RedisClient.create(url);
        this.connection = client.connect();
    }

    /**
     * Connects to the Redis of this JVM's tests ({@link dev.keel.testsupport.RedisSupport#uri()}: {@code REDIS_URL},
     * the local one, or Testcontainers; failing with how to start one) and picks a random key prefix.
     */
    public static RedisSupport connect() {
        String url;
        try {
            url = dev.keel.testsupport.RedisSupport.uri();
        } catch (IllegalStateException e) {
            return fail(e.getMessage());
        }
        return new RedisSupport(url, "keel-test-" + UUID.randomUUID().toString().substring(0, 8));
    }

    public String url() {
        return url;
    }

    public String prefix() {
        return prefix;
    }

    public RedisCommands<String, String> commands() {
        return connection.sync();
    }

    /** Cache settings pointing at this Redis with this test's prefix (timeout raised for slow CI machines). */
    public CacheConfig cacheConfig(Duration ttl, Duration staleWindow, Duration timeout) {
        return new CacheConfig(true, Secret.of(url), ttl, staleWindow, timeout, null, prefix, Duration.ofSeconds(2));
    }

    /** Every key this test wrote. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = commands().scan(cursor, ScanArgs.Builder.matches(prefix + ":*").limit(500));
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return keys;
    }

    /** A URI to a loopback port nothing listens on: "Redis down". */
    public static String closedPortUrl(String password) {
        try (ServerSocket socket = new ServerSocket(0)) {
            int port = socket.getLocalPort();
            return password == null ? "redis://127.0.0.1:" + port : "redis://:" + password + "@127.0.0.1:" + port;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        List<String> keys = keys();
        if (!keys.isEmpty()) {
            commands().unlink(keys.toArray(String[]::new));
        }
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

}

package dev.keel.router.support;

import dev.keel.config.CacheConfig;
import dev.keel.config.Secret;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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

    public static final String DEFAULT_URL = "redis://127.0.0.1:6379";

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

    /** Pings Redis (fails the test with instructions when it does not answer) and picks a random key prefix. */
    public static RedisSupport connect() {
        String url = System.getenv().getOrDefault("REDIS_URL", DEFAULT_URL);
        RedisURI uri = RedisURI.create(url);
        if (!answersPing(uri.getHost(), uri.getPort())) {
            fail("No Redis answers at " + uri.getHost() + ":" + uri.getPort() + " (REDIS_URL or the default "
                    + DEFAULT_URL + "). Start one with: redis-server --daemonize yes --port 6379 --save \"\"");
        }
        return new RedisSupport(url, "keel-test-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private static boolean answersPing(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1_000);
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] reply = new byte[7];
            int read = socket.getInputStream().read(reply);
            return read > 0 && new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
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

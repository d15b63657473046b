package dev.keel.testsupport;

import dev.keel.config.CacheConfig;
import dev.keel.config.Secret;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.fail;

/**
 * The real Redis tests use: {@code REDIS_URL}, else {@code redis://127.0.0.1:6379} when it answers
 * PING, else a Testcontainers {@code redis} when Docker is reachable. With none of them a test
 * fails with a message that says how to start one: Redis tests are never skipped.
 * <p>
 * Statically it says where that Redis is ({@link #uri()}, {@link #uniquePrefix}); {@link #connect()} gives a
 * test a connection and a random key prefix of its own, whose keys {@link #close()} deletes.
 */
public final class RedisSupport implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(RedisSupport.class);
    private static final String LOCAL = "redis://127.0.0.1:6379";
    private static volatile String uri;

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

    /** Connects to this JVM's tests' Redis ({@link #uri()}; failing the test with how to start one) with a random key prefix. */
    public static RedisSupport connect() {
        String url;
        try {
            url = uri();
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

    /** Cache settings pointing at this Redis with this test's prefix (connect timeout raised for slow CI machines). */
    public CacheConfig cacheConfig(Duration ttl, Duration staleWindow, Duration timeout) {
        return new CacheConfig(true, Secret.of(url), ttl, staleWindow, timeout, null, prefix, Duration.ofSeconds(2));
    }

    /** Every key this test wrote (under its prefix). */
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

    /** Deletes this test's keys and closes the connection. */
    @Override
    public void close() {
        List<String> keys = keys();
        if (!keys.isEmpty()) {
            commands().unlink(keys.toArray(String[]::new));
        }
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
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

    /** The Redis URI of this JVM's tests (resolved once). */
    public static synchronized String uri() {
        if (uri == null) {
            uri = locate();
        }
        return uri;
    }

    /** A key prefix no other test uses. */
    public static String uniquePrefix(String name) {
        return "keel-test-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String locate() {
        String fromEnv = System.getenv("REDIS_URL");
        if (fromEnv != null && !fromEnv.isBlank()) {
            if (!answersPing(fromEnv)) {
                throw new IllegalStateException("REDIS_URL does not answer PING; start Redis or unset REDIS_URL");
            }
            return fromEnv;
        }
        if (answersPing(LOCAL)) {
            return LOCAL;
        }
        if (DockerProbe.available()) {
            GenericContainer<?> redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
            redis.start();
            Runtime.getRuntime().addShutdownHook(new Thread(redis::stop));
            String container = "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
            LOGGER.info("Tests use a Testcontainers Redis at {}", container);
            return container;
        }
        throw new IllegalStateException("no Redis for the Redis tests: set REDIS_URL, or start one on 127.0.0.1:6379 with "
                + "'redis-server --daemonize yes --port 6379 --save \"\"' (apt-get install redis-server), or run a Docker engine");
    }

    /** Sends a raw RESP PING; true when Redis answers +PONG within a second. */
    public static boolean answersPing(String redisUri) {
        URI parsed = URI.create(redisUri);
        int port = parsed.getPort() < 0 ? 6379 : parsed.getPort();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(parsed.getHost(), port), 1_000);
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[64];
            int n = in.read(reply);
            String answer = n > 0 ? new String(reply, 0, n, StandardCharsets.US_ASCII) : "";
            return answer.startsWith("+PONG") || answer.startsWith("-NOAUTH");
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}

package dev.keel.testsupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The real Redis tests use: {@code REDIS_URL}, else {@code redis://127.0.0.1:6379} when it answers
 * PING, else a Testcontainers {@code redis} when Docker is reachable. With none of them a test
 * fails with a message that says how to start one: Redis tests are never skipped.
 */
public final class RedisSupport {

    private static final Logger LOGGER = LoggerFactory.getLogger(RedisSupport.class);
    private static final String LOCAL = "redis://127.0.0.1:6379";
    private static volatile String uri;

    private RedisSupport() {
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

package dev.keel.testsupport;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * A Redis of a test's own on a free loopback port ({@code redis-server}, no persistence), which the test may
 * stop and start again to play an outage. {@link #close} stops it. Fails with how to install Redis when
 * {@code redis-server} is missing; never skips.
 */
public final class ScratchRedis implements AutoCloseable {

    private final int port;

    private ScratchRedis(int port) {
        this.port = port;
    }

    public static ScratchRedis start() {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ScratchRedis redis = new ScratchRedis(port);
        redis.up();
        return redis;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts redis-server on the port and waits until it answers PING. */
    public void up() {
        run(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--daemonize", "yes"));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(this::answers);
    }

    /** Stops it (SHUTDOWN NOSAVE) and waits until the port is closed. */
    public void down() {
        run(List.of("redis-cli", "-p", Integer.toString(port), "shutdown", "nosave"));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> !listening());
    }

    private boolean answers() {
        RedisClient client = RedisClient.create(uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return "PONG".equals(c.sync().ping());
        } catch (RuntimeException e) {
            return false;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    private boolean listening() {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            process.waitFor();
        } catch (IOException e) {
            throw new IllegalStateException(command.getFirst() + " did not run (" + e.getMessage()
                    + "); install Redis (apt-get install redis-server) for this test", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (listening()) {
            down();
        }
    }
}

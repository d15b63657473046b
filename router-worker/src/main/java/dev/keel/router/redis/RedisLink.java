package dev.keel.router.redis;

import dev.keel.router.internal.RateLimitedLog;
import dev.keel.config.Secret;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * One Lettuce connection used with a hard time bound on every call, shared by the response cache and the
 * budget ledger (each opens its own). Fail-open plumbing: a request thread never waits for a connect and
 * never waits longer than {@code timeout} for an answer; whatever goes wrong surfaces as
 * {@link RedisUnavailableException}.
 *
 * <p>Lifecycle: {@link #open} tries one connect (bounded by {@code connectTimeout}) so a worker starts with
 * Redis when Redis is there; if that fails the link stays usable and reconnects in the background, at most
 * once per {@link #RECONNECT_BACKOFF} of the injected clock, triggered by calls. Once connected, Lettuce's
 * own auto-reconnect takes over with a delay bounded by {@link #RECONNECT_DELAY_MAX}, and while it is
 * disconnected commands are rejected at once rather than queued. {@link #close} releases the connection and Lettuce's threads. Thread-safe.
 *
 * <p>The URI can carry a password: it is never logged; logs and messages name {@link #endpoint()} only.
 */
public final class RedisLink implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(RedisLink.class);

    public static final Duration RECONNECT_BACKOFF = Duration.ofSeconds(1);
    /**
     * Bounds of Lettuce's own reconnect delay once connected (doubling from the lower bound). Its default grows
     * to 30 s, which left the cache and the ledger away for tens of seconds after Redis was back; capped at
     * 500 ms, a restarted Redis is in use again within about half a second of answering.
     */
    public static final Duration RECONNECT_DELAY_MIN = Duration.ofMillis(50);
    public static final Duration RECONNECT_DELAY_MAX = Duration.ofMillis(500);
    private static final int LETTUCE_THREADS = 2;

    private final String user;
    private final RedisURI uri;
    private final Duration timeout;
    private final Clock clock;
    private final ClientResources resources;
    private final RedisClient client;
    private final RateLimitedLog connectLog;
    private final AtomicReference<StatefulRedisConnection<String, String>> connection = new AtomicReference<>();
    private final AtomicBoolean connecting = new AtomicBoolean();
    private final AtomicLong nextAttemptAt = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisLink(String user, RedisURI uri, Duration timeout, Duration connectTimeout, Clock clock) {
        this.user = user;
        this.uri = uri;
        this.timeout = timeout;
        this.clock = clock;
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(LETTUCE_THREADS).computationThreadPoolSize(LETTUCE_THREADS)
                .reconnectDelay(Delay.exponential(RECONNECT_DELAY_MIN, RECONNECT_DELAY_MAX, 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).build())
                .build());
        this.connectLog = new RateLimitedLog(LOGGER, RateLimitedLog.DEFAULT_INTERVAL, clock);
    }

    /**
     * Creates the link and tries to connect once.
     *
     * @param user what the link serves, for log lines ({@code cache}, {@code budget-ledger})
     */
    public static RedisLink open(String user, Secret redisUri, Duration timeout, Duration connectTimeout, Clock clock) {
        RedisURI uri = RedisURI.create(redisUri.reveal());
        uri.setTimeout(connectTimeout); // the connect handshake; every call below has its own bound
        RedisLink link = new RedisLink(user, uri, timeout, connectTimeout, clock);
        try {
            link.connection.set(link.client.connect(StringCodec.UTF8, uri));
            LOGGER.info("redis connected user={} endpoint={}", user, link.endpoint());
        } catch (RuntimeException e) {
            link.nextAttemptAt.set(clock.millis() + RECONNECT_BACKOFF.toMillis());
            link.connectLog.warn("redis unavailable at start, going on without it user=" + user
                    + " endpoint=" + link.endpoint(), e);
        }
        return link;
    }

    /** {@code host:port}: safe to log. */
    public String endpoint() {
        return uri.getHost() + ":" + uri.getPort();
    }

    public boolean isConnected() {
        StatefulRedisConnection<String, String> c = connection.get();
        return c != null && c.isOpen();
    }

    /**
     * Runs one command and waits at most {@code timeout} for its reply.
     *
     * @throws RedisUnavailableException when not connected, on timeout and on an error reply
     */
    public <T> T call(Function<RedisAsyncCommands<String, String>, RedisFuture<T>> command) {
        StatefulRedisConnection<String, String> c = connection.get();
        if (c == null) {
            reconnectInBackground();
            throw new RedisUnavailableException("not connected to redis at " + endpoint(), null);
        }
        RedisFuture<T> future;
        try {
            future = command.apply(c.async());
        } catch (RuntimeException e) {
            throw new RedisUnavailableException("redis at " + endpoint() + " refused the command", e);
        }
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new RedisUnavailableException("no reply from redis at " + endpoint() + " within " + timeout.toMillis() + "ms", e);
        } catch (ExecutionException e) {
            throw new RedisUnavailableException("redis at " + endpoint() + " failed the command", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisUnavailableException("interrupted while waiting for redis at " + endpoint(), e);
        }
    }

    /**
     * Sends a command without waiting for it (write-through); the returned future completes with the reply
     * or fails within {@code timeout}.
     *
     * @throws RedisUnavailableException when not connected or the command is refused at once
     */
    public <T> RedisFuture<T> send(Function<RedisAsyncCommands<String, String>, RedisFuture<T>> command) {
        StatefulRedisConnection<String, String> c = connection.get();
        if (c == null) {
            reconnectInBackground();
            throw new RedisUnavailableException("not connected to redis at " + endpoint(), null);
        }
        try {
            return command.apply(c.async());
        } catch (RuntimeException e) {
            throw new RedisUnavailableException("redis at " + endpoint() + " refused the command", e);
        }
    }

    private void reconnectInBackground() {
        long now = clock.millis();
        long at = nextAttemptAt.get();
        if (closed.get() || now < at || !nextAttemptAt.compareAndSet(at, now + RECONNECT_BACKOFF.toMillis())
                || !connecting.compareAndSet(false, true)) {
            return;
        }
        client.connectAsync(StringCodec.UTF8, uri).whenComplete((c, error) -> {
            connecting.set(false);
            if (error != null) {
                connectLog.warn("redis still unavailable user=" + user + " endpoint=" + endpoint(), error);
            } else if (closed.get() || !connection.compareAndSet(null, c)) {
                c.closeAsync();
            } else {
                LOGGER.info("redis connected user={} endpoint={}", user, endpoint());
            }
        });
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        StatefulRedisConnection<String, String> c = connection.getAndSet(null);
        if (c != null) {
            c.close();
        }
        client.shutdown(0, 2, TimeUnit.SECONDS);
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}

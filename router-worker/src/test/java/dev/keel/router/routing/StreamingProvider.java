package dev.keel.router.routing;

import dev.keel.config.ProviderKind;
import dev.keel.providers.CallListener;
import dev.keel.providers.ProviderCall;
import dev.keel.providers.ProviderClient;
import dev.keel.providers.ProviderReply;
import dev.keel.providers.Usage;
import dev.keel.schemas.AttemptOutcome;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A provider client that streams on command, for hedging tests: each call counts {@link #started} down, then
 * waits for {@link #firstToken} (interruptibly: an interrupt is a cancelled exchange, answered NETWORK as the
 * real client does), signals its first token, waits for {@link #finish} and answers OK. Records each call's thread.
 */
final class StreamingProvider implements ProviderClient {

    private final String name;
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch firstToken = new CountDownLatch(1);
    final CountDownLatch finish = new CountDownLatch(1);
    final CountDownLatch cancelled = new CountDownLatch(1);
    final List<String> threads = new CopyOnWriteArrayList<>();

    StreamingProvider(String name) {
        this.name = name;
    }

    /** Streams at once, every call. */
    StreamingProvider streaming() {
        firstToken.countDown();
        finish.countDown();
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ProviderKind kind() {
        return ProviderKind.OPENAI;
    }

    @Override
    public ProviderReply call(ProviderCall call) {
        return call(call, CallListener.NONE);
    }

    @Override
    public ProviderReply call(ProviderCall call, CallListener listener) {
        threads.add(Thread.currentThread().getName());
        started.countDown();
        try {
            firstToken.await();
            listener.firstToken();
            finish.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // as the HTTP client does: the caller still sees the interrupt
            cancelled.countDown();
            return new ProviderReply(AttemptOutcome.NETWORK, 200, null, call.model(), Usage.NONE, Duration.ofMillis(700),
                    null, null, "interrupted");
        }
        return new ProviderReply(AttemptOutcome.OK, 200, "answer from " + name, call.model(), new Usage(100, 20, 0, 0),
                Duration.ofMillis(300), Duration.ofMillis(120), null, null);
    }

    @Override
    public void close() {
    }
}

package dev.keel.router.routing;

import dev.keel.providers.CallListener;
import dev.keel.providers.ProviderCall;
import dev.keel.providers.ProviderClient;
import dev.keel.providers.ProviderReply;
import dev.keel.schemas.AttemptOutcome;

import java.time.Duration;

/**
 * One provider call of a hedged race, made on the thread that created the leg ({@link #run}): the first try on the
 * request's own thread, the hedge on a virtual thread of its own. {@link #cancel} interrupts that thread, which
 * makes the provider client cancel the exchange (closes the HTTP stream); the race cancels a leg only while it is
 * not {@link #done}. It tells its {@link HedgedCall} when its first token arrives and when it is done. Fields are
 * guarded by the race's lock except where volatile.
 */
final class HedgeLeg implements CallListener {

    /** What a leg reports to the race it runs in. */
    interface Race {
        void tokenFrom(HedgeLeg leg);

        void finished(HedgeLeg leg, ProviderReply reply);
    }

    final String provider;
    private final ProviderClient client;
    private final ProviderCall call;
    private final Race race;
    private final Thread thread = Thread.currentThread();
    final long startedAtNanos = System.nanoTime();
    final long startedAtMs;
    volatile boolean token;
    boolean done;
    boolean cancelled;
    /** Whether the breaker should hear a cancelled leg as a failure (it waited longer than the winner's TTFT). */
    boolean slowerThanWinner;
    ProviderReply reply;
    /** What the client threw instead of answering (a bug), else null. */
    volatile RuntimeException thrown;

    /** A leg made by the calling thread, which then calls {@link #run}. */
    HedgeLeg(String provider, ProviderClient client, ProviderCall call, Race race, long startedAtMs) {
        this.provider = provider;
        this.client = client;
        this.call = call;
        this.race = race;
        this.startedAtMs = startedAtMs;
    }

    /** Makes the call on the calling thread (the one that created the leg), then tells the race it is done. */
    void run() {
        ProviderReply result;
        try {
            result = client.call(call, this);
        } catch (RuntimeException e) { // a client bug must not leave the race waiting; the router rethrows it
            thrown = e;
            result = new ProviderReply(AttemptOutcome.NETWORK, null, null, null, null,
                    Duration.ofNanos(System.nanoTime() - startedAtNanos), null, null, "client threw " + e.getClass().getSimpleName());
        }
        race.finished(this, result);
    }

    @Override
    public void firstToken() {
        token = true;
        race.tokenFrom(this);
    }

    /** Under the race's lock, while not {@link #done}. */
    void cancel() {
        cancelled = true;
        thread.interrupt();
    }

    long waitedNanos(long now) {
        return now - startedAtNanos;
    }
}

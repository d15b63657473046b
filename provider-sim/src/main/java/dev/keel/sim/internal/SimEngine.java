package dev.keel.sim.internal;

import dev.keel.sim.Faults;
import dev.keel.sim.Latency;
import dev.keel.sim.Protocol;
import dev.keel.sim.SimSettings;
import dev.keel.sim.SimStats;

import java.io.IOException;
import java.net.InetAddress;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The state of one simulated provider and the pieces that serve it: the socket server, the key ring,
 * the prompt caches, the current faults and latency, and counters. Faults, latency, keys and the
 * outage switch change at run time from any thread (volatile fields, synchronized structures).
 */
public final class SimEngine implements AutoCloseable {

    private final SimSettings settings;
    private final InstantSource clock;
    private final KeyRing keys;
    private final PromptCaches caches;
    private final TextGenerator generator;
    private final Map<Protocol, AtomicLong> sequences = new EnumMap<>(Protocol.class);
    private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
    private final SimHttpServer server;
    private volatile Faults openAiFaults;
    private volatile Faults anthropicFaults;
    private volatile Latency latency;

    private SimEngine(SimSettings settings, InstantSource clock) throws IOException {
        this.settings = settings;
        this.clock = clock;
        this.keys = new KeyRing(settings.acceptedKeys());
        this.caches = new PromptCaches(clock, settings.cacheMinTokens(), settings.openAiCacheTtl());
        this.generator = new TextGenerator(settings.seed());
        for (Protocol p : Protocol.values()) {
            sequences.put(p, new AtomicLong());
        }
        this.openAiFaults = settings.openAiFaults();
        this.anthropicFaults = settings.anthropicFaults();
        this.latency = settings.latency();
        this.server = new SimHttpServer(settings.name(), InetAddress.getByName(settings.host()), settings.port(),
                new ExchangeHandler(this));
    }

    public static SimEngine start(SimSettings settings, InstantSource clock) throws IOException {
        SimEngine engine = new SimEngine(settings, clock);
        engine.server.open();
        return engine;
    }

    public SimSettings settings() {
        return settings;
    }

    public int port() {
        return server.port();
    }

    public Faults faults(Protocol protocol) {
        return protocol == Protocol.OPENAI ? openAiFaults : anthropicFaults;
    }

    public void setFaults(Protocol protocol, Faults faults) {
        if (protocol == null || protocol == Protocol.OPENAI) {
            openAiFaults = faults;
        }
        if (protocol == null || protocol == Protocol.ANTHROPIC) {
            anthropicFaults = faults;
        }
    }

    public Latency latency() {
        return latency;
    }

    public void setLatency(Latency latency) {
        this.latency = latency;
    }

    /** Outage on: the port is closed and live connections reset. Off: the same port opens again. */
    public void outage(boolean down) throws IOException {
        if (down) {
            server.closePort();
        } else {
            server.open();
        }
    }

    public boolean isDown() {
        return !server.isOpen();
    }

    public void revokeKeys() {
        keys.revoke();
    }

    public void acceptKey(String key, boolean replace) {
        keys.accept(key, replace);
    }

    public String describeKeys() {
        return keys.describe();
    }

    /** Back to the start settings: no outage, initial keys and faults, empty caches (counters kept). */
    public void reset() throws IOException {
        setFaults(Protocol.OPENAI, settings.openAiFaults());
        setFaults(Protocol.ANTHROPIC, settings.anthropicFaults());
        latency = settings.latency();
        keys.reset();
        caches.clear();
        outage(false);
    }

    public SimStats stats() {
        Map<String, Long> requests = new TreeMap<>();
        sequences.forEach((p, n) -> requests.put(p.name().toLowerCase(java.util.Locale.ROOT), n.get()));
        Map<String, Long> counts = new TreeMap<>();
        answers.forEach((k, v) -> counts.put(k, v.sum()));
        return new SimStats(requests, counts);
    }

    KeyRing keys() {
        return keys;
    }

    long nextSequence(Protocol protocol) {
        return sequences.get(protocol).getAndIncrement();
    }

    /** The random source of request {@code sequence}: same seed, same protocol, same position, same draws. */
    SplittableRandom randomFor(Protocol protocol, long sequence) {
        return new SplittableRandom(settings.seed() * 0x9E3779B97F4A7C15L + protocol.ordinal() * 0x632BE59BD9B4E019L + sequence);
    }

    /**
     * The draw of whether request {@code sequence} reasons first: a stream of its own, so turning reasoning on
     * shifts none of the fault, text or latency draws.
     */
    boolean reasonsFirst(Protocol protocol, long sequence, double rate) {
        return rate > 0 && new SplittableRandom(randomFor(protocol, sequence).nextLong() ^ 0x5DEECE66DL).nextDouble() < rate;
    }

    void count(String what) {
        answers.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    Completion complete(Protocol protocol, ChatRequest chat, SplittableRandom random) {
        List<String> tokens = generator.tokens(chat);
        boolean hitLimit = generator.hitsLimit(chat);
        int systemTokens = chat.system() == null ? 0 : TextGenerator.messageTokens(chat.system());
        int total = 3 + systemTokens;
        for (ChatRequest.Turn turn : chat.turns()) {
            total += TextGenerator.messageTokens(turn.text());
        }
        long created = clock.instant().getEpochSecond();
        if (protocol == Protocol.ANTHROPIC) {
            String id = "msg_01" + base62(random, 22);
            if (!chat.systemCached()) {
                return new Completion(id, chat.model(), created, tokens, total, 0, 0, 0, hitLimit, false);
            }
            PromptCaches.AnthropicUse use = caches.anthropic(chat.model(), chat.system(), chat.cacheTtl(), systemTokens);
            boolean oneHour = chat.cacheTtl().toMinutes() >= 60;
            return new Completion(id, chat.model(), created, tokens, total - use.read() - use.write(), use.read(),
                    oneHour ? 0 : use.write(), oneHour ? use.write() : 0, hitLimit, false);
        }
        String id = "chatcmpl-" + base62(random, 29);
        List<Long> hashes = new ArrayList<>();
        List<Integer> prefixTokens = new ArrayList<>();
        long hash = TextGenerator.fnv(0x811c9dc5L, chat.model());
        int tokensSoFar = 3;
        if (chat.system() != null) {
            hash = TextGenerator.fnv(hash, "system:" + chat.system());
            tokensSoFar += systemTokens;
            hashes.add(hash);
            prefixTokens.add(tokensSoFar);
        }
        for (ChatRequest.Turn turn : chat.turns()) {
            hash = TextGenerator.fnv(hash, turn.role() + ":" + turn.text());
            tokensSoFar += TextGenerator.messageTokens(turn.text());
            hashes.add(hash);
            prefixTokens.add(tokensSoFar);
        }
        int cached = Math.min(caches.openAi(hashes, prefixTokens), total);
        return new Completion(id, chat.model(), created, tokens, total - cached, cached, 0, 0, hitLimit, false);
    }

    private static String base62(SplittableRandom random, int length) {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    @Override
    public void close() {
        server.close();
    }
}

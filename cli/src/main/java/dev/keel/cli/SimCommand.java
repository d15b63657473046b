package dev.keel.cli;

import dev.keel.sim.Faults;
import dev.keel.sim.Latency;
import dev.keel.sim.Protocol;
import dev.keel.sim.ProviderSim;
import dev.keel.sim.SimSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code keel sim}: runs one or two simulated providers (OpenAI and Anthropic wire formats on each)
 * with seeded latency and faults until Ctrl-C. Faults change at run time through each sim's admin API.
 */
@Command(name = "sim", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run provider-sim: fake OpenAI (POST /v1/chat/completions) and Anthropic (POST /v1/messages) "
                + "endpoints on loopback, with realistic latency, prompt-cache usage and switchable faults.",
                "Each instance has an admin API on its own port (state, faults, outage, keys: see provider-sim/README.md), "
                + "so an outage can close the provider port and reopen it later.",
                "Rates are probabilities per request (0..1). The same --seed gives the same answers and faults.", ""},
        footer = {"", "Examples:",
                "  keel sim                                   # primary and secondary, realistic latency",
                "  keel sim --instances 1 --port 8090 --rate-limit-rate 1 --retry-after 2s",
                "  keel sim --faults-on primary --error-event-rate 0.2 --ttft-stall-rate 0.05",
                "  curl -XPOST localhost:<admin>/admin/outage -d '{\"down\":true}'"})
final class SimCommand implements Callable<Integer> {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--instances", paramLabel = "N", defaultValue = "2", description = "1 (primary) or 2 (primary and secondary); default ${DEFAULT-VALUE}")
    int instances;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0", description = "provider port of the first instance (the next gets +1); 0: any free port")
    int port;

    @Option(names = "--admin-port", paramLabel = "PORT", defaultValue = "0", description = "admin port of the first instance (the next gets +1); 0: any free port")
    int adminPort;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = SimSettings.DEFAULT_HOST, description = "loopback address to bind; default ${DEFAULT-VALUE}")
    String host;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "seed of output text, latency draws and fault decisions; default ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--key", paramLabel = "API_KEY", description = "accepted API key (repeatable); none: any key is accepted")
    List<String> keys = new ArrayList<>();

    @Option(names = "--ttft-median", paramLabel = "DURATION", defaultValue = "350ms", description = "median time to first token; default ${DEFAULT-VALUE}")
    String ttftMedian;

    @Option(names = "--ttft-p95", paramLabel = "DURATION", defaultValue = "1200ms", description = "95th percentile time to first token; default ${DEFAULT-VALUE}")
    String ttftP95;

    @Option(names = "--token-median", paramLabel = "DURATION", defaultValue = "16ms", description = "median gap between tokens; default ${DEFAULT-VALUE}")
    String tokenMedian;

    @Option(names = "--token-p95", paramLabel = "DURATION", defaultValue = "45ms", description = "95th percentile gap between tokens; default ${DEFAULT-VALUE}")
    String tokenP95;

    @Option(names = "--no-latency", description = "answer at once (tests, benchmarks of Keel itself)")
    boolean noLatency;

    @Option(names = "--cache-min-tokens", paramLabel = "N", defaultValue = "1024", description = "shortest prompt prefix the simulated prompt caches keep; default ${DEFAULT-VALUE}")
    int cacheMinTokens;

    @Option(names = "--faults-on", paramLabel = "INSTANCE", defaultValue = "all", description = "instance the fault flags apply to: primary, secondary or all; default ${DEFAULT-VALUE}")
    String faultsOn;

    @Option(names = "--protocol", paramLabel = "PROTOCOL", defaultValue = "both", description = "protocol the fault flags apply to: openai, anthropic or both; default ${DEFAULT-VALUE}")
    String protocol;

    @Option(names = "--error-rate", paramLabel = "RATE", defaultValue = "0", description = "rate of --error-status answers")
    double errorRate;

    @Option(names = "--error-status", paramLabel = "STATUS", defaultValue = "500", description = "status of --error-rate answers (4xx/5xx); default ${DEFAULT-VALUE}")
    int errorStatus;

    @Option(names = "--rate-limit-rate", paramLabel = "RATE", defaultValue = "0", description = "rate of 429s (1 = a 429 storm)")
    double rateLimitRate;

    @Option(names = "--retry-after", paramLabel = "DURATION", defaultValue = "1s", description = "retry-after of 429s; default ${DEFAULT-VALUE}")
    String retryAfter;

    @Option(names = "--quota", description = "429s are quota errors (insufficient_quota / spend limit), without retry-after")
    boolean quota;

    @Option(names = "--overload-rate", paramLabel = "RATE", defaultValue = "0", description = "rate of 529 overloaded_error")
    double overloadRate;

    @Option(names = "--ttft-stall-rate", paramLabel = "RATE", defaultValue = "0", description = "rate of stalls before the first token")
    double ttftStallRate;

    @Option(names = "--ttft-stall", paramLabel = "DURATION", defaultValue = "30s", description = "length of a TTFT stall; default ${DEFAULT-VALUE}")
    String ttftStall;

    @Option(names = "--mid-stream-stall-rate", paramLabel = "RATE", defaultValue = "0", description = "rate of stalls halfway through the answer")
    double midStreamStallRate;

    @Option(names = "--mid-stream-stall", paramLabel = "DURATION", defaultValue = "30s", description = "length of a mid-stream stall; default ${DEFAULT-VALUE}")
    String midStreamStall;

    @Option(names = "--error-event-rate", paramLabel = "RATE", defaultValue = "0", description = "rate of error events inside a 200 stream")
    double errorEventRate;

    @Option(names = "--error-event-type", paramLabel = "TYPE", defaultValue = Faults.DEFAULT_ERROR_EVENT_TYPE, description = "error type of those events; default ${DEFAULT-VALUE}")
    String errorEventType;

    @Option(names = "--truncate-rate", paramLabel = "RATE", defaultValue = "0", description = "rate of streams that end without their terminator")
    double truncateRate;

    @Option(names = "--malformed-rate", paramLabel = "RATE", defaultValue = "0", description = "rate of malformed JSON (an event, or the whole body)")
    double malformedRate;

    @Option(names = "--wrong-content-type-rate", paramLabel = "RATE", defaultValue = "0", description = "rate of 200 text/html pages")
    double wrongContentTypeRate;

    @Option(names = "--reset-rate", paramLabel = "RATE", defaultValue = "0", description = "rate of connection resets (TCP RST)")
    double resetRate;

    @Option(names = "--reasoning-rate", paramLabel = "RATE", defaultValue = "0",
            description = "rate of answers that stream reasoning first (thinking_delta / reasoning_content); not a failure")
    double reasoningRate;

    @Option(names = "--reasoning", paramLabel = "DURATION", defaultValue = "3s",
            description = "how long the reasoning lasts before the first content token (default: ${DEFAULT-VALUE})")
    String reasoning;

    @Option(names = "--revoked", description = "start with every key revoked (401) on the faulted instances")
    boolean revoked;

    @Option(names = "--outage", description = "start the faulted instances with their provider port closed")
    boolean outage;

    @Override
    public Integer call() throws InterruptedException {
        List<ProviderSim> sims = start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // in parallel: each admin server takes up to a second to stop
            List<Thread> closing = sims.stream().map(sim -> Thread.ofVirtual().start(sim::close)).toList();
            closing.forEach(SimCommand::joinQuietly);
            stopped.countDown();
        }, "keel-sim-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        for (ProviderSim sim : sims) {
            out.printf("provider-sim %-9s openai: %s  anthropic: %s  admin: %s%n", sim.name(), sim.openAiBaseUrl(),
                    sim.anthropicBaseUrl(), sim.adminUrl());
        }
        out.println("Running until Ctrl-C.");
        out.flush();
        stopped.await();
        return ExitCodes.OK;
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Validates the flags and starts the simulators (the caller closes them). */
    List<ProviderSim> start() {
        List<SimSettings> all = settings();
        List<ProviderSim> sims = new ArrayList<>();
        try {
            for (SimSettings s : all) {
                ProviderSim sim = ProviderSim.start(s);
                sims.add(sim);
                if (faulted(s.name())) {
                    if (revoked) {
                        sim.revokeKeys();
                    }
                    if (outage) {
                        sim.outage(true);
                    }
                }
            }
        } catch (RuntimeException e) {
            sims.forEach(ProviderSim::close);
            throw new UserError("sim: cannot start: " + e.getMessage(), ExitCodes.FAILED);
        }
        return sims;
    }

    List<SimSettings> settings() {
        if (instances < 1 || instances > 2) {
            throw new UserError("--instances: must be 1 or 2, got " + instances);
        }
        if (!List.of("primary", "secondary", "all").contains(faultsOn)) {
            throw new UserError("--faults-on: must be primary, secondary or all, got " + faultsOn);
        }
        Protocol only = switch (protocol.toLowerCase(Locale.ROOT)) {
            case "openai" -> Protocol.OPENAI;
            case "anthropic" -> Protocol.ANTHROPIC;
            case "both" -> null;
            default -> throw new UserError("--protocol: must be openai, anthropic or both, got " + protocol);
        };
        Latency latency = noLatency ? Latency.NONE : latency();
        Faults faults = faults();
        List<SimSettings> all = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            String name = i == 0 ? "primary" : "secondary";
            SimSettings s = new SimSettings(name, host, port == 0 ? 0 : port + i, adminPort == 0 ? 0 : adminPort + i,
                    seed + i, latency, keys, null, null, cacheMinTokens, null);
            if (faulted(name)) {
                s = only == null ? s.withFaults(faults) : s.withFaults(only, faults);
            }
            all.add(s);
        }
        return all;
    }

    private boolean faulted(String name) {
        return faultsOn.equals("all") || faultsOn.equals(name);
    }

    private Latency latency() {
        try {
            return new Latency(millis(ttftMedian, "--ttft-median"), millis(ttftP95, "--ttft-p95"),
                    millis(tokenMedian, "--token-median"), millis(tokenP95, "--token-p95"));
        } catch (IllegalArgumentException e) {
            throw new UserError("latency: " + e.getMessage());
        }
    }

    private Faults faults() {
        try {
            return new Faults(errorRate, errorStatus, rateLimitRate, (long) millis(retryAfter, "--retry-after"), quota,
                    overloadRate, ttftStallRate, (long) millis(ttftStall, "--ttft-stall"), midStreamStallRate,
                    (long) millis(midStreamStall, "--mid-stream-stall"), errorEventRate, errorEventType, truncateRate,
                    malformedRate, wrongContentTypeRate, resetRate, reasoningRate, (long) millis(reasoning, "--reasoning"));
        } catch (UserError e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UserError("faults: " + e.getMessage().replace('_', '-'));
        }
    }

    /** 500ms, 2s, 1.5m, 1h or ISO-8601 (PT2S), in milliseconds. */
    static double millis(String text, String option) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(t);
        if (m.matches()) {
            double n = Double.parseDouble(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> n;
                case "s" -> n * 1000;
                case "m" -> n * 60_000;
                default -> n * 3_600_000;
            };
        }
        try {
            return Duration.parse(text.strip().toUpperCase(Locale.ROOT)).toNanos() / 1e6;
        } catch (java.time.format.DateTimeParseException e) {
            throw new UserError(option + ": '" + text + "' is not a duration such as 500ms, 2s, 1m or PT2S");
        }
    }
}

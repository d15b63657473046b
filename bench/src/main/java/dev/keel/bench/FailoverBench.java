package dev.keel.bench;

import dev.keel.bench.failover.FailoverFigures;
import dev.keel.bench.failover.FailoverScenario;
import dev.keel.bench.failover.ResultTap;
import dev.keel.bench.load.KafkaTarget;
import dev.keel.bench.load.LoadClock;
import dev.keel.bench.load.LoadReport;
import dev.keel.bench.load.LoadRun;
import dev.keel.bench.load.LoadSpec;
import dev.keel.bench.load.LoadStack;
import dev.keel.config.Durations;
import dev.keel.kafka.KafkaClients;
import dev.keel.kafka.KeelTopics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench/run failover [--scenario outage|ttft-stall|revoked-key|error-event|all] [--rate 500] [--before 20s]
 * [--fault 30s] [--after 35s] [--warm-up 10s] [--hedging on|off]}: an open-loop load (the {@code load} bench's
 * generator, over Kafka) against one worker and two provider simulators at 300 ms; after {@code before} of
 * steady traffic the primary fails in the scenario's way for {@code fault}, then recovers. Prints the load
 * report (failures, end-to-end p50/p95/p99/max over the whole measured run, onset included) and, from every
 * result, the hedged share and extra spend by phase and how long the cooldown took to route around the fault.
 */
public final class FailoverBench {

    private FailoverBench() {
    }

    record Flags(List<FailoverScenario> scenarios, int rate, Duration before, Duration fault, Duration after, Duration warmUp,
                 boolean hedging) {
    }

    public static void run(String[] args) throws Exception {
        Flags flags;
        try {
            flags = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench failover: " + e.getMessage());
            System.exit(2);
            return;
        }
        for (FailoverScenario scenario : flags.scenarios()) {
            runOne(scenario, flags);
        }
    }

    static Flags parse(String[] args) {
        List<FailoverScenario> scenarios = List.of(FailoverScenario.values());
        int rate = 500;
        Duration before = Duration.ofSeconds(20);
        Duration fault = Duration.ofSeconds(30);
        Duration after = Duration.ofSeconds(35);
        Duration warmUp = Duration.ofSeconds(10);
        boolean hedging = true;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--scenario" -> scenarios = value.equals("all") ? List.of(FailoverScenario.values()) : List.of(FailoverScenario.of(value));
                case "--rate" -> rate = Integer.parseInt(value);
                case "--before" -> before = duration(flag, value);
                case "--fault" -> fault = duration(flag, value);
                case "--after" -> after = duration(flag, value);
                case "--warm-up" -> warmUp = duration(flag, value);
                case "--hedging" -> hedging = switch (value) {
                    case "on" -> true;
                    case "off" -> false;
                    default -> throw new IllegalArgumentException("--hedging is on or off, got " + value);
                };
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        return new Flags(scenarios, rate, before, fault, after, warmUp, hedging);
    }

    private static Duration duration(String flag, String value) {
        return Durations.parse(value).orElseThrow(() -> new IllegalArgumentException(flag + ": " + Durations.EXPECTED + ", got " + value));
    }

    private static void runOne(FailoverScenario scenario, Flags flags) throws Exception {
        Path yaml = Files.createTempFile("keel-failover", ".yaml");
        Files.writeString(yaml, "routing:\n  hedging:\n    enabled: " + flags.hedging() + "\n");
        LoadSpec spec = LoadSpec.of(flags.rate(), flags.before().plus(flags.fault()).plus(flags.after())).withWarmUp(flags.warmUp());
        ScheduledExecutorService faults = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("bench-failover-faults").unstarted(r));
        try (LoadStack stack = LoadStack.start(LoadStack.Options.defaults().withBaseConfig(yaml));
             KafkaTarget target = stack.kafkaTarget();
             ResultTap tap = new ResultTap(new KafkaClients(stack.config().kafka()), KeelTopics.from(stack.config().topics()))) {
            long start = System.currentTimeMillis();
            long measuredStart = start + flags.warmUp().toMillis();
            long[] faultWindow = new long[2];
            long injectAt = flags.warmUp().plus(flags.before()).toMillis();
            faults.schedule(() -> {
                faultWindow[0] = System.currentTimeMillis();
                scenario.inject(stack.primary());
            }, injectAt, TimeUnit.MILLISECONDS);
            faults.schedule(() -> {
                scenario.recover(stack.primary());
                faultWindow[1] = System.currentTimeMillis();
            }, injectAt + flags.fault().toMillis(), TimeUnit.MILLISECONDS);
            LoadReport report = new LoadRun(spec, target, LoadClock.SYSTEM, stack.probes()).run();
            awaitTap(tap, report.sent() + spec.warmUpRequests());
            faults.shutdown();
            faults.awaitTermination(5, TimeUnit.SECONDS);
            FailoverFigures figures = new FailoverFigures(tap.seen(), measuredStart, faultWindow[0], faultWindow[1]);
            print(scenario, flags, report, figures);
        } finally {
            faults.shutdownNow();
            Files.deleteIfExists(yaml);
        }
    }

    /** The tap reads the same topic as the load generator, a little behind it: give it a moment to catch up. */
    private static void awaitTap(ResultTap tap, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (tap.seen().size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(100); // polling a consumer thread's progress; nothing to wait on
        }
    }

    private static void print(FailoverScenario scenario, Flags flags, LoadReport report, FailoverFigures figures) throws Exception {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "== failover %s: %d req/s, %ds steady, %ds fault, %ds recovery, hedging %s ==",
                scenario.id(), flags.rate(), flags.before().toSeconds(), flags.fault().toSeconds(), flags.after().toSeconds(),
                flags.hedging() ? "on" : "off"));
        out.addAll(report.lines());
        out.addAll(figures.lines());
        out.add(String.format(Locale.ROOT, "summary %s: failed %d of %d, p95 %.0f ms, p99 %.0f ms, max %.0f ms",
                scenario.id(), report.failed(), report.sent(), LoadReport.ms(report.latency(), 95), LoadReport.ms(report.latency(), 99),
                LoadReport.maxMs(report.latency())));
        out.add("load average: " + Files.readString(Path.of("/proc/loadavg")).trim());
        out.forEach(System.out::println);
    }
}

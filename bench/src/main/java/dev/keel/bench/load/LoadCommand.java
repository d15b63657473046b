package dev.keel.bench.load;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code bench/run load ...}: a {@link LoadStack} (broker and provider-sims here, Keel in a child JVM) and one
 * open-loop run against it; with {@code --url}, one run against that OpenAI-compatible endpoint, nothing started.
 */
public final class LoadCommand {

    private LoadCommand() {
    }

    public static void run(String[] args) throws Exception {
        LoadFlags flags;
        try {
            flags = LoadFlags.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench load: " + e.getMessage());
            System.err.println("usage: " + LoadFlags.USAGE);
            System.exit(2);
            return;
        }
        LoadReport report = flags.url() != null ? external(flags) : local(flags);
        report.lines().forEach(System.out::println);
        System.out.println("load average: " + Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private static LoadReport external(LoadFlags flags) throws InterruptedException {
        try (HttpTarget target = new HttpTarget(URI.create(flags.url()), flags.apiKey(), flags.model(), flags.headers())) {
            return LoadRun.run(flags.spec(), target);
        }
    }

    private static LoadReport local(LoadFlags flags) throws Exception {
        boolean http = flags.target().equals("http");
        LoadStack.Options options = new LoadStack.Options(flags.spec().providerLatency(), http, flags.maxInFlight(),
                flags.delivery(), flags.redis(), flags.keelJvm(), flags.partitions(),
                flags.keelConfig() == null ? null : Path.of(flags.keelConfig()));
        System.out.println("keel process JVM options: " + String.join(" ", flags.keelJvm()));
        try (LoadStack stack = LoadStack.start(options);
             LoadTarget target = http ? stack.httpTarget() : stack.kafkaTarget()) {
            return new LoadRun(flags.spec(), target, LoadClock.SYSTEM, stack.probes()).run();
        }
    }
}

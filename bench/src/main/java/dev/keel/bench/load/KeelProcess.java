package dev.keel.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link KeelSide} in a child JVM started with the given JVM options and this JVM's class path: its CPU
 * comes from {@code /proc/<pid>/stat}, its heap from the lines it prints. Other output goes to {@code log}.
 *
 * <p>Lifecycle: {@link #start} returns once the child serves; {@link #close} closes its stdin and waits.
 */
public final class KeelProcess implements AutoCloseable {

    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private final Process process;
    private final int gatewayPort;
    private final AtomicLong heapUsedMax = new AtomicLong();
    private final AtomicLong heapCommittedMax = new AtomicLong();
    private final AtomicLong heapAfterGcMax = new AtomicLong();

    private KeelProcess(Process process, int gatewayPort, BufferedReader out, PrintWriter log) {
        this.process = process;
        this.gatewayPort = gatewayPort;
        Thread.ofPlatform().daemon().name("load-keel-side-out").start(() -> follow(out, log));
    }

    /** Starts the child and waits (at most two minutes) until it serves. */
    public static KeelProcess start(List<String> jvmOptions, List<String> keelSideArgs, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), KeelSide.class.getName()));
        command.addAll(keelSideArgs);
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter logWriter = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), true);
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("KEEL-READY ")) {
                        return line;
                    }
                    logWriter.println(line);
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = ready.get(2, TimeUnit.MINUTES);
        } catch (Exception e) {
            line = null;
        }
        if (line == null) {
            process.destroyForcibly();
            throw new IOException("the Keel process did not start; see " + log);
        }
        return new KeelProcess(process, Integer.parseInt(line.substring(line.indexOf('=') + 1)), out, logWriter);
    }

    private void follow(BufferedReader out, PrintWriter log) {
        try {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("KEEL-HEAP ")) {
                    String[] f = line.split(" ");
                    heapUsedMax.accumulateAndGet(Long.parseLong(f[1]), Math::max);
                    heapCommittedMax.accumulateAndGet(Long.parseLong(f[2]), Math::max);
                    heapAfterGcMax.accumulateAndGet(Long.parseLong(f[3]), Math::max);
                } else {
                    log.println(line);
                }
            }
        } catch (IOException e) {
            // the child is gone
        } finally {
            log.close();
        }
    }

    public long pid() {
        return process.pid();
    }

    /** The gateway's port, -1 when the child runs no gateway. */
    public int gatewayPort() {
        return gatewayPort;
    }

    /** User plus system CPU time of the child so far, nanoseconds; -1 once it is gone. */
    public long cpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 1_000_000_000L / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Resetting peak heap figures, e.g. after the warm-up. */
    public void resetHeapPeaks() {
        heapUsedMax.set(0);
        heapCommittedMax.set(0);
        heapAfterGcMax.set(0);
    }

    public long heapUsedMax() {
        return heapUsedMax.get();
    }

    public long heapCommittedMax() {
        return heapCommittedMax.get();
    }

    public long heapAfterGcMax() {
        return heapAfterGcMax.get();
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

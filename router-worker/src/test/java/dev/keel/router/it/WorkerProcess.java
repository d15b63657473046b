package dev.keel.router.it;

import dev.keel.config.ConfigLoader;
import dev.keel.config.KeelConfig;
import dev.keel.router.RouterWorker;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** A router worker in a JVM of its own, for tests that kill it: {@code WorkerProcess <keel.yaml>}. */
public final class WorkerProcess {

    private WorkerProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        KeelConfig config = ConfigLoader.fromEnvironment().load(Path.of(args[0]));
        RouterWorker worker = RouterWorker.start(config, RouterWorker.Options.defaults());
        System.out.println("READY " + worker.workerId());
        System.out.flush();
        new CountDownLatch(1).await(); // until the test kills this process
    }

    private static void drain(java.io.BufferedReader stdout, Path log) {
        try (var out = java.nio.file.Files.newBufferedWriter(log, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND)) {
            String line;
            while ((line = stdout.readLine()) != null) {
                out.write(line);
                out.newLine();
                out.flush();
            }
        } catch (java.io.IOException e) {
            // the process is gone
        }
    }

    /** Starts one, returning once it printed READY. */
    static Process start(Path config, Path log) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                WorkerProcess.class.getName(), config.toString())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        var stdout = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream()));
        String line;
        while ((line = stdout.readLine()) != null) {
            if (line.startsWith("READY")) {
                // Keep draining its stdout (its log), or the worker blocks once the pipe is full.
                Thread.ofPlatform().daemon().name("worker-process-stdout").start(() -> drain(stdout, log));
                return process;
            }
        }
        throw new IllegalStateException("worker process exited before it was ready; see " + log);
    }
}

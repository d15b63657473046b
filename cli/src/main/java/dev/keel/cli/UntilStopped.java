package dev.keel.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Keeps a long-running command alive until Ctrl-C (SIGINT/SIGTERM), then closes what it started, in
 * the JVM's shutdown hook, and lets the command return.
 */
final class UntilStopped {

    private UntilStopped() {
    }

    static void await(AutoCloseable running) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                running.close();
            } catch (Exception e) {
                System.err.println("keel: stopping failed: " + e);
            } finally {
                stopped.countDown();
            }
        }, "keel-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stopped.await();
    }
}

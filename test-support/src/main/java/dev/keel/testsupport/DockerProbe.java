package dev.keel.testsupport;

import org.testcontainers.DockerClientFactory;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a Docker engine is reachable for Testcontainers. Asking Testcontainers costs seconds and
 * logs an error when there is none, so it is asked only when a Docker endpoint plausibly exists
 * ({@code DOCKER_HOST} or a known socket). {@code KEEL_TESTCONTAINERS=false} forces it off.
 */
final class DockerProbe {

    private static volatile Boolean available;

    private DockerProbe() {
    }

    static synchronized boolean available() {
        if (available == null) {
            available = probe();
        }
        return available;
    }

    private static boolean probe() {
        if ("false".equalsIgnoreCase(System.getenv("KEEL_TESTCONTAINERS"))) {
            return false;
        }
        String home = System.getProperty("user.home");
        boolean endpoint = System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(home, ".docker", "run", "docker.sock"))
                || Files.exists(Path.of(home, ".testcontainers.properties"))
                || System.getenv("XDG_RUNTIME_DIR") != null && Files.exists(Path.of(System.getenv("XDG_RUNTIME_DIR"), "docker.sock"));
        if (!endpoint) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}

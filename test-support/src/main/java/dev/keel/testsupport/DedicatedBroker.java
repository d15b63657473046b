package dev.keel.testsupport;

import dev.keel.embedded.EmbeddedKafkaBroker;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

/**
 * An embedded broker of a test's own, on its own data directory and a fixed port, that the test can stop
 * and start again (the shared broker must never be restarted).
 */
public final class DedicatedBroker implements KafkaBroker, AutoCloseable {

    private final Path dataDir;
    private final int port;
    private EmbeddedKafkaBroker broker;

    public DedicatedBroker(Path dataDir) throws IOException {
        this.dataDir = dataDir;
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
        start();
    }

    public synchronized void start() {
        broker = EmbeddedKafkaBroker.start(new EmbeddedKafkaBroker.Options(dataDir, port, Map.of()));
    }

    /** A clean shutdown: clients see the broker go away. */
    public synchronized void stop() {
        broker.close();
        broker = null;
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public Kind kind() {
        return Kind.EMBEDDED;
    }

    @Override
    public synchronized void close() {
        if (broker != null) {
            broker.close();
        }
    }
}

package dev.keel.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node Kafka broker in this JVM: KRaft combined mode (broker and controller in one
 * node) built from the Kafka server artifacts, the same version as the clients.
 *
 * <p>Lifecycle: {@link #start(Options)} formats the data directory when it is new, starts the
 * server and returns once the broker answers an admin request; {@link #close()} shuts it down
 * cleanly and deletes a temporary data directory (a named one is kept, so {@code keel up} keeps its
 * topics across restarts). Not for production traffic: one replica, no security.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final boolean temporary;
    private final int port;

    /**
     * @param dataDir  where the broker keeps its logs; null for a temporary directory deleted on close
     * @param port     the client port; 0 picks a free one
     * @param overrides extra server properties (e.g. {@code log.retention.ms}), applied last
     */
    public record Options(Path dataDir, int port, Map<String, String> overrides) {
        public Options {
            overrides = Map.copyOf(overrides == null ? Map.of() : overrides);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 (any free port) or 1-65535, got " + port);
            }
        }

        public static Options temporary() {
            return new Options(null, 0, Map.of());
        }
    }

    private EmbeddedKafkaBroker(KafkaRaftServer server, Path dataDir, boolean temporary, int port) {
        this.server = server;
        this.dataDir = dataDir;
        this.temporary = temporary;
        this.port = port;
    }

    public static EmbeddedKafkaBroker start(Options options) {
        boolean temporary = options.dataDir() == null;
        Path dir;
        try {
            dir = temporary ? Files.createTempDirectory("keel-kafka-") : Files.createDirectories(options.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the broker data directory", e);
        }
        int port = options.port() == 0 ? freePort() : options.port();
        int controllerPort = freePort();
        Map<String, String> props = serverProperties(dir, port, controllerPort);
        props.putAll(options.overrides());
        KafkaConfig config = new KafkaConfig(props, false);
        formatIfNew(dir, config);

        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        long started = System.nanoTime();
        server.startup();
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, dir, temporary, port);
        try {
            broker.awaitReady();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        LOGGER.info("Embedded Kafka broker ready bootstrap={} data_dir={} startup_ms={}",
                broker.bootstrapServers(), dir, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return broker;
    }

    /** {@code host:port} for clients. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    private static Map<String, String> serverProperties(Path dir, int port, int controllerPort) {
        Map<String, String> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.toString());
        p.put("metadata.log.dir", dir.toString());
        // A single node: every internal topic has one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // A killed worker's open transaction holds read_committed readers back until it is aborted: look for
        // timed-out transactions every second instead of every 10 s.
        p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        // Topics are created on purpose (TopicProvisioner, Kafka Streams); a typo must not create one.
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        return p;
    }

    private static void formatIfNew(Path dir, KafkaConfig config) {
        if (Files.exists(dir.resolve("meta.properties"))) {
            return;
        }
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
            new Formatter()
                    .setPrintStream(quiet)
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .addDirectory(dir.toString())
                    .setMetadataLogDirectory(dir.toString())
                    .setControllerListenerName(config.controllerListenerNames().getFirst())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the broker data directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private void awaitReady() {
        Map<String, Object> props = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the embedded broker", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the embedded broker did not become ready within " + READY_TIMEOUT.toSeconds() + " s", e);
        }
    }

    /** Shuts the broker down and waits for it; deletes a temporary data directory. Idempotent. */
    @Override
    public synchronized void close() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOGGER.warn("Embedded broker shutdown failed: {}", e.toString());
        }
        if (temporary) {
            deleteRecursively(dataDir);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOGGER.debug("Cannot delete {}: {}", path, e.toString());
                }
            });
        } catch (IOException e) {
            LOGGER.debug("Cannot walk {}: {}", dir, e.toString());
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(HOST, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }
}

package dev.keel.bench.load;

import dev.keel.config.ConfigLoader;
import dev.keel.config.DeliveryGuarantee;
import dev.keel.config.GatewayConfig;
import dev.keel.config.GatewayKey;
import dev.keel.config.KeelConfig;
import dev.keel.gateway.KeelGateway;
import dev.keel.router.RouterWorker;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The Keel side of a load run in its own JVM, so its CPU and heap are its own: one router worker and, when
 * asked, the gateway. Started by {@link KeelProcess}; prints {@code KEEL-READY gateway=<port>} once serving and
 * {@code KEEL-HEAP <used> <committed> <after-last-gc>} (bytes) twice a second; stops when its stdin closes.
 *
 * <p>Arguments: bootstrap primary-openai-url secondary-anthropic-url partitions max-in-flight(0 = default)
 * delivery gateway-port(-1 = none) gateway-key-digest redis-uri(- = in-process cache) base-config-yaml(- = defaults).
 */
public final class KeelSide {

    private KeelSide() {
    }

    public static void main(String[] args) throws IOException {
        int maxInFlight = Integer.parseInt(args[4]);
        DeliveryGuarantee delivery = DeliveryGuarantee.valueOf(args[5].toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        int gatewayPort = Integer.parseInt(args[6]);
        KeelConfig base = args[9].equals("-") ? KeelConfig.defaults() : ConfigLoader.fromEnvironment().load(Path.of(args[9]));
        KeelConfig config = StackConfig.of(base, args[0], URI.create(args[1]), URI.create(args[2]), Integer.parseInt(args[3]),
                maxInFlight == 0 ? null : maxInFlight, delivery, args[8].equals("-") ? null : args[8]);
        if (gatewayPort >= 0) {
            config = config.withGateway(new GatewayConfig("127.0.0.1", gatewayPort, "bench-gateway", null,
                    List.of(new GatewayKey("tenant-load", args[7], "load")), null, null, null, null, null, null, null));
        }
        RouterWorker worker = RouterWorker.start(config, RouterWorker.Options.defaults());
        KeelGateway gateway = gatewayPort >= 0 ? KeelGateway.start(config) : null;
        ScheduledExecutorService heap = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("keel-side-heap").unstarted(r));
        heap.scheduleAtFixedRate(KeelSide::printHeap, 0, 500, TimeUnit.MILLISECONDS);
        System.out.println("KEEL-READY gateway=" + (gateway == null ? -1 : gateway.port()));
        System.out.flush();
        while (System.in.read() >= 0) {
            // the parent holds stdin open while it wants us running
        }
        heap.shutdownNow();
        if (gateway != null) {
            gateway.close();
        }
        worker.close();
        System.exit(0);
    }

    private static void printHeap() {
        var usage = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long afterGc = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                afterGc += pool.getCollectionUsage().getUsed();
            }
        }
        System.out.println("KEEL-HEAP " + usage.getUsed() + " " + usage.getCommitted() + " " + afterGc);
        System.out.flush();
    }
}

package dev.keel.bench;

import dev.keel.kafka.KafkaClients;
import dev.keel.kafka.KeelTopics;
import dev.keel.router.RouterWorker;
import dev.keel.schemas.ControlCommand;
import dev.keel.sim.Latency;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How long a bypass switch takes to reach every worker: the time from handing the command to the
 * producer until the last of N workers applies it, for flips in both directions. Workers run in this
 * JVM, each with its own control consumer, as separate processes would.
 */
final class ControlSwitchBench {

    private ControlSwitchBench() {
    }

    static void run(String[] args) throws Exception {
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int flips = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        try (BenchStack stack = new BenchStack(Latency.NONE, 64, 3)) {
            List<RouterWorker> running = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                running.add(RouterWorker.start(stack.config.withWorker(stack.config.worker().withId("bench-" + i)),
                        RouterWorker.Options.defaults()));
            }
            KeelTopics topics = KeelTopics.from(stack.config.topics());
            long[] toAll = new long[flips];
            try (KafkaProducer<byte[], byte[]> producer = new KafkaClients(stack.config.kafka()).bytesProducer("bench-control")) {
                for (int i = 0; i < flips; i++) {
                    boolean on = i % 2 == 0;
                    long start = System.nanoTime();
                    ControlCommand command = new ControlCommand("bypass", String.valueOf(on), "bench", System.currentTimeMillis());
                    producer.send(topics.control().serialized("bypass", command));
                    producer.flush();
                    while (!running.stream().allMatch(w -> w.control().bypass() == on)) {
                        java.util.concurrent.locks.LockSupport.parkNanos(100_000);
                    }
                    toAll[i] = (System.nanoTime() - start) / 1_000;
                }
            }
            running.forEach(RouterWorker::close);
            System.out.printf(Locale.ROOT, "| bypass switch reaches all %d workers | %d flips (both directions) | p50 %.1f ms | p95 %.1f ms | max %.1f ms |%n",
                    workers, flips, Stats.percentile(toAll, 0.5) / 1000.0, Stats.percentile(toAll, 0.95) / 1000.0, Stats.max(toAll) / 1000.0);
        }
    }
}

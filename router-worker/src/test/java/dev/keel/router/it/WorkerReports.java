package dev.keel.router.it;

import dev.keel.schemas.KeelSerde;
import dev.keel.schemas.WorkerStatus;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The latest {@code keel.workers} report of every worker, followed from the topic's beginning. */
final class WorkerReports implements AutoCloseable {

    private final Map<String, WorkerStatus> latest = new ConcurrentHashMap<>();
    private final Collector collector;

    WorkerReports(WorkerStack stack) {
        KeelSerde<WorkerStatus> serde = KeelSerde.of(WorkerStatus.class);
        this.collector = new Collector(stack.kafka.bytesConsumer(null, "it-workers"), stack.topics.workers().name(), record -> {
            WorkerStatus status = serde.decode(record.value()).orThrow();
            latest.put(status.getWorkerId(), status);
        });
    }

    WorkerStatus of(String workerId) {
        return latest.get(workerId);
    }

    int inFlight(String workerId) {
        WorkerStatus status = latest.get(workerId);
        return status == null ? 0 : status.getInFlight();
    }

    @Override
    public void close() throws InterruptedException {
        collector.close();
    }
}

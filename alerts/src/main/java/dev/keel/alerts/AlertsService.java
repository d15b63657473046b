package dev.keel.alerts;

import dev.keel.alerts.internal.DeliveryLedger;
import dev.keel.alerts.internal.PageDispatcher;
import dev.keel.alerts.internal.Sleeper;
import dev.keel.alerts.internal.Sinks;
import dev.keel.config.AlertSinkConfig;
import dev.keel.config.KeelConfig;
import dev.keel.kafka.KafkaClients;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code keel alerts}: consumes {@code slo.pages} in its own consumer group and delivers every FIRING and
 * RESOLVED to the sinks of {@code alerts:} that take its severity and scope (alerts/README.md has the exact
 * semantics). Lifecycle: {@link #start} reads the delivery ledger, then runs one consumer thread and one
 * thread per sink until {@link #close()}, which stops reading, waits up to {@code alerts.shutdown-timeout}
 * for deliveries in flight and commits what is done.
 */
public final class AlertsService implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(AlertsService.class);

    /** Every entry of a delivery ledger topic, latest per key (what {@code keel alerts --undelivered} prints). */
    public static List<LedgerEntry> readLedger(KafkaClients kafka, String topic) {
        return DeliveryLedger.readAll(kafka, topic);
    }

    /**
     * @param console   where console sinks print
     * @param registry  where the meters go
     * @param clock     wall clock (retry budgets, webhook timestamps, ledger times)
     * @param sleeper   how sinks wait between attempts
     * @param http      the HTTP client of every sink
     * @param extra     sinks added to the configured ones (the demo's console), by name
     */
    public record Options(PrintWriter console, MeterRegistry registry, Clock clock, Sleeper sleeper, HttpClient http,
                          Map<String, AlertSinkConfig> extra) {

        public static Options defaults(PrintWriter console) {
            return new Options(console, new SimpleMeterRegistry(), Clock.systemUTC(), Sleeper.REAL, Sinks.httpClient(), Map.of());
        }

        public Options withExtra(Map<String, AlertSinkConfig> sinks) {
            return new Options(console, registry, clock, sleeper, http, sinks);
        }

        public Options withRegistry(MeterRegistry newRegistry) {
            return new Options(console, newRegistry, clock, sleeper, http, extra);
        }
    }

    private final PageDispatcher dispatcher;
    private final DeliveryLedger ledger;
    private final AlertsMetrics metrics;
    private final Thread loop;

    private AlertsService(PageDispatcher dispatcher, DeliveryLedger ledger, AlertsMetrics metrics) {
        this.dispatcher = dispatcher;
        this.ledger = ledger;
        this.metrics = metrics;
        this.loop = Thread.ofPlatform().name("keel-alerts-consumer").unstarted(dispatcher::run);
    }

    public static AlertsService start(KeelConfig config, Options options) {
        Map<String, AlertSinkConfig> sinks = new LinkedHashMap<>(config.alerts().sinks());
        options.extra().forEach((name, sink) -> {
            if (sinks.putIfAbsent(name, sink) != null) {
                throw new IllegalArgumentException("sink name '" + name + "' is already configured");
            }
        });
        if (sinks.isEmpty()) {
            throw new IllegalArgumentException("no sinks: configure alerts.sinks (pagerduty, slack, webhook or console)");
        }
        KafkaClients kafka = new KafkaClients(config.kafka());
        AlertsMetrics metrics = new AlertsMetrics(options.registry());
        DeliveryLedger ledger = DeliveryLedger.open(kafka, config.alerts().ledgerTopic());
        PageDispatcher dispatcher = PageDispatcher.create(config, sinks, kafka, ledger, metrics, options);
        AlertsService service = new AlertsService(dispatcher, ledger, metrics);
        service.loop.start();
        LOGGER.info("keel alerts started topic={} group={} sinks={}", config.topics().pages(), config.alerts().groupId(), sinks.keySet());
        return service;
    }

    /** Pages some sink gave up on (refused, out of retry budget, queue full), from the ledger and this run. */
    public List<LedgerEntry> undelivered() {
        return ledger.undelivered();
    }

    public AlertsMetrics metrics() {
        return metrics;
    }

    /** Records of the pages topic handled (every routed sink done) and committed in this run, duplicates and unreadable ones included. */
    public long committedRecords() {
        return dispatcher.committedRecords();
    }

    /** Whether the consumer has its partitions and is reading. */
    public boolean isReading() {
        return dispatcher.isReading();
    }

    @Override
    public void close() {
        dispatcher.stop();
        try {
            loop.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ledger.close();
        LOGGER.info("keel alerts stopped");
    }
}

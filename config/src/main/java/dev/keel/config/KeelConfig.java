package dev.keel.config;

/**
 * The whole of {@code keel.yaml}. Every section is optional; a missing section takes its defaults,
 * so an empty file (or none) runs Keel on embedded defaults. Immutable; validated on construction.
 */
public record KeelConfig(
        KafkaConfig kafka,
        TopicsConfig topics,
        ProvidersConfig providers,
        RoutingConfig routing,
        WorkerConfig worker,
        BudgetConfig budget,
        CacheConfig cache,
        SloConfig slo,
        AlertsConfig alerts,
        MetricsConfig metrics,
        ExportConfig export,
        GatewayConfig gateway) {

    public KeelConfig {
        kafka = kafka == null ? KafkaConfig.defaults() : kafka;
        topics = topics == null ? TopicsConfig.defaults() : topics;
        providers = providers == null ? ProvidersConfig.none() : providers;
        routing = routing == null ? RoutingConfig.defaults() : routing;
        worker = worker == null ? WorkerConfig.defaults() : worker;
        budget = budget == null ? BudgetConfig.defaults() : budget;
        cache = cache == null ? CacheConfig.defaults() : cache;
        slo = slo == null ? SloConfig.defaults() : slo;
        alerts = alerts == null ? AlertsConfig.defaults() : alerts;
        metrics = metrics == null ? MetricsConfig.defaults() : metrics;
        export = export == null ? ExportConfig.defaults() : export;
        gateway = gateway == null ? GatewayConfig.defaults() : gateway;
        checkGatewayPins(gateway, providers);
        for (String feature : routing.pins().keySet()) {
            String provider = routing.pins().get(feature);
            if (providers.isConfigured() && !providers.byName().containsKey(provider)) {
                throw new InvalidValueException("routing.pins." + feature, "pins to '" + provider + "', which is not configured");
            }
        }
    }

    private static void checkGatewayPins(GatewayConfig gateway, ProvidersConfig providers) {
        gateway.models().forEach((alias, model) -> {
            if (model.pin() != null && providers.isConfigured() && !providers.byName().containsKey(model.pin())) {
                throw new InvalidValueException("gateway.models." + alias + ".pin", "pins to '" + model.pin() + "', which is not configured");
            }
        });
    }

    public static KeelConfig defaults() {
        return new KeelConfig(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public KeelConfig withKafka(KafkaConfig newKafka) {
        return new KeelConfig(newKafka, topics, providers, routing, worker, budget, cache, slo, alerts, metrics, export, gateway);
    }

    public KeelConfig withTopics(TopicsConfig newTopics) {
        return new KeelConfig(kafka, newTopics, providers, routing, worker, budget, cache, slo, alerts, metrics, export, gateway);
    }

    public KeelConfig withProviders(ProvidersConfig newProviders) {
        return new KeelConfig(kafka, topics, newProviders, routing, worker, budget, cache, slo, alerts, metrics, export, gateway);
    }

    public KeelConfig withRouting(RoutingConfig newRouting) {
        return new KeelConfig(kafka, topics, providers, newRouting, worker, budget, cache, slo, alerts, metrics, export, gateway);
    }

    public KeelConfig withWorker(WorkerConfig newWorker) {
        return new KeelConfig(kafka, topics, providers, routing, newWorker, budget, cache, slo, alerts, metrics, export, gateway);
    }

    public KeelConfig withBudget(BudgetConfig newBudget) {
        return new KeelConfig(kafka, topics, providers, routing, worker, newBudget, cache, slo, alerts, metrics, export, gateway);
    }

    public KeelConfig withCache(CacheConfig newCache) {
        return new KeelConfig(kafka, topics, providers, routing, worker, budget, newCache, slo, alerts, metrics, export, gateway);
    }

    public KeelConfig withSlo(SloConfig newSlo) {
        return new KeelConfig(kafka, topics, providers, routing, worker, budget, cache, newSlo, alerts, metrics, export, gateway);
    }

    public KeelConfig withAlerts(AlertsConfig newAlerts) {
        return new KeelConfig(kafka, topics, providers, routing, worker, budget, cache, slo, newAlerts, metrics, export, gateway);
    }

    public KeelConfig withMetrics(MetricsConfig newMetrics) {
        return new KeelConfig(kafka, topics, providers, routing, worker, budget, cache, slo, alerts, newMetrics, export, gateway);
    }

    public KeelConfig withExport(ExportConfig newExport) {
        return new KeelConfig(kafka, topics, providers, routing, worker, budget, cache, slo, alerts, metrics, newExport, gateway);
    }

    public KeelConfig withGateway(GatewayConfig newGateway) {
        return new KeelConfig(kafka, topics, providers, routing, worker, budget, cache, slo, alerts, metrics, export, newGateway);
    }
}

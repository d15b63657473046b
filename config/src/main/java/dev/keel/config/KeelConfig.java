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
        MetricsConfig metrics,
        ExportConfig export) {

    public KeelConfig {
        kafka = kafka == null ? KafkaConfig.defaults() : kafka;
        topics = topics == null ? TopicsConfig.defaults() : topics;
        providers = providers == null ? ProvidersConfig.none() : providers;
        routing = routing == null ? RoutingConfig.defaults() : routing;
        worker = worker == null ? WorkerConfig.defaults() : worker;
        budget = budget == null ? BudgetConfig.defaults() : budget;
        cache = cache == null ? CacheConfig.defaults() : cache;
        slo = slo == null ? SloConfig.defaults() : slo;
        metrics = metrics == null ? MetricsConfig.defaults() : metrics;
        export = export == null ? ExportConfig.defaults() : export;
        for (String feature : routing.pins().keySet()) {
            String provider = routing.pins().get(feature);
            if (providers.isConfigured() && !providers.byName().containsKey(provider)) {
                throw new InvalidValueException("routing.pins." + feature, "pins to '" + provider + "', which is not configured");
            }
        }
    }

    public static KeelConfig defaults() {
        return new KeelConfig(null, null, null, null, null, null, null, null, null, null);
    }

    public KeelConfig withKafka(KafkaConfig newKafka) {
        return new KeelConfig(newKafka, topics, providers, routing, worker, budget, cache, slo, metrics, export);
    }

    public KeelConfig withProviders(ProvidersConfig newProviders) {
        return new KeelConfig(kafka, topics, newProviders, routing, worker, budget, cache, slo, metrics, export);
    }

    public KeelConfig withRouting(RoutingConfig newRouting) {
        return new KeelConfig(kafka, topics, providers, newRouting, worker, budget, cache, slo, metrics, export);
    }

    public KeelConfig withTopics(TopicsConfig newTopics) {
        return new KeelConfig(kafka, newTopics, providers, routing, worker, budget, cache, slo, metrics, export);
    }

    public KeelConfig withWorker(WorkerConfig newWorker) {
        return new KeelConfig(kafka, topics, providers, routing, newWorker, budget, cache, slo, metrics, export);
    }

    public KeelConfig withBudget(BudgetConfig newBudget) {
        return new KeelConfig(kafka, topics, providers, routing, worker, newBudget, cache, slo, metrics, export);
    }

    public KeelConfig withCache(CacheConfig newCache) {
        return new KeelConfig(kafka, topics, providers, routing, worker, budget, newCache, slo, metrics, export);
    }

    public KeelConfig withMetrics(MetricsConfig newMetrics) {
        return new KeelConfig(kafka, topics, providers, routing, worker, budget, cache, slo, newMetrics, export);
    }

    public KeelConfig withExport(ExportConfig newExport) {
        return new KeelConfig(kafka, topics, providers, routing, worker, budget, cache, slo, metrics, newExport);
    }

    public KeelConfig withSlo(SloConfig newSlo) {
        return new KeelConfig(kafka, topics, providers, routing, worker, budget, cache, newSlo, metrics, export);
    }
}

package dev.keel.slo.internal;

import dev.keel.config.SloConfig;
import dev.keel.config.SloDimension;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which scopes a result counts in: {@code global}, {@code provider:<final provider>},
 * {@code feature:<feature>} and {@code tenant:<tenant>}, each dimension switchable. A dimension
 * admits the first {@code max-values} distinct values it sees (scopes named in {@code overrides} are
 * always admitted and do not count); later values share {@code <dimension>:_other}. One resolver per
 * intake task, i.e. per source partition, so the first values are the first in that partition's offset
 * order (the same whatever the instance count). Admissions are kept in the intake's changelogged store
 * (and in memory), so the choice survives restarts. Stream-thread only.
 */
final class ScopeResolver {

    static final String GLOBAL = "global";
    static final String OTHER = "_other";
    private static final String PREFIX = "admitted|";
    private static final Logger LOGGER = LoggerFactory.getLogger(ScopeResolver.class);

    private final SloConfig config;
    private final KeyValueStore<String, String> meta;
    private Map<String, Integer> admittedCount;
    private Set<String> admitted;

    ScopeResolver(SloConfig config, KeyValueStore<String, String> meta) {
        this.config = config;
        this.meta = meta;
    }

    /** Counts the admitted values from the store on first use (after any restoration). */
    private Map<String, Integer> admittedCount() {
        if (admittedCount != null) {
            return admittedCount;
        }
        admittedCount = new HashMap<>();
        admitted = new HashSet<>();
        try (KeyValueIterator<String, String> it = meta.prefixScan(PREFIX, new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, String> entry = it.next();
                String dimension = entry.key.substring(PREFIX.length(), entry.key.indexOf(':'));
                admittedCount.merge(dimension, 1, Integer::sum);
                admitted.add(entry.key.substring(PREFIX.length()));
            }
        }
        return admittedCount;
    }

    private Set<String> admitted() {
        admittedCount();
        return admitted;
    }

    List<String> scopesOf(Observation result) {
        List<String> scopes = new ArrayList<>(4);
        scopes.add(GLOBAL);
        add(scopes, "provider", config.scopes().provider(), result.provider());
        add(scopes, "feature", config.scopes().feature(), result.feature());
        add(scopes, "tenant", config.scopes().tenant(), result.tenant());
        return scopes;
    }

    private void add(List<String> scopes, String dimension, SloDimension settings, String value) {
        if (!settings.enabled() || value == null || value.isBlank()) {
            return;
        }
        String scope = dimension + ":" + value;
        if (config.overrides().containsKey(scope) || admitted().contains(scope)) {
            scopes.add(scope);
            return;
        }
        int admitted = admittedCount().getOrDefault(dimension, 0);
        if (admitted < settings.maxValues()) {
            meta.put(PREFIX + scope, "1");
            this.admitted.add(scope);
            admittedCount.put(dimension, admitted + 1);
            scopes.add(scope);
            return;
        }
        if (admitted == settings.maxValues()) {
            LOGGER.warn("SLO scope cap reached dimension={} max_values={} overflow_scope={}:{}", dimension, settings.maxValues(), dimension, OTHER);
            admittedCount.put(dimension, admitted + 1);
        }
        scopes.add(dimension + ":" + OTHER);
    }
}

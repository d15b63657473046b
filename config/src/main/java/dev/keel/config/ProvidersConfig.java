package dev.keel.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code providers.primary} and {@code providers.secondary}. Both unset means "no real providers":
 * {@code keel demo} and {@code keel up} then start provider-sim in their place.
 */
public record ProvidersConfig(ProviderConfig primary, ProviderConfig secondary) {

    public static final String PRIMARY = "primary";
    public static final String SECONDARY = "secondary";
    public static final int DEFAULT_PRIMARY_WEIGHT = 9;
    public static final int DEFAULT_SECONDARY_WEIGHT = 1;

    public ProvidersConfig {
        InvalidValueException.check(primary != null || secondary == null, "primary",
                "missing: a secondary needs a primary");
    }

    public static ProvidersConfig none() {
        return new ProvidersConfig(null, null);
    }

    public boolean isConfigured() {
        return primary != null;
    }

    /** Providers by name in priority order: primary, then secondary when set. */
    public Map<String, ProviderConfig> byName() {
        Map<String, ProviderConfig> byName = new LinkedHashMap<>();
        if (primary != null) {
            byName.put(PRIMARY, primary);
        }
        if (secondary != null) {
            byName.put(SECONDARY, secondary);
        }
        return byName;
    }

    public int weightOf(String name) {
        ProviderConfig provider = byName().get(name);
        if (provider == null) {
            throw new IllegalArgumentException("unknown provider " + name);
        }
        if (provider.weight() != null) {
            return provider.weight();
        }
        return PRIMARY.equals(name) ? DEFAULT_PRIMARY_WEIGHT : DEFAULT_SECONDARY_WEIGHT;
    }
}

package dev.keel.metrics.internal;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps Keel's meters low-cardinality whatever the traffic: the {@code tenant} tag is removed
 * unless tenant tags are enabled, and {@code tenant} and {@code feature} keep at most their cap of
 * distinct values, later values becoming {@code other}. Applied to meters named {@code keel.*}
 * before they are registered, so a capped value never creates a series. Thread-safe.
 */
public final class TagCaps implements MeterFilter {

    public static final String OTHER = "other";

    private final boolean tenantTags;
    private final int maxTenants;
    private final int maxFeatures;
    private final Set<String> tenants = ConcurrentHashMap.newKeySet();
    private final Set<String> features = ConcurrentHashMap.newKeySet();

    public TagCaps(boolean tenantTags, int maxTenants, int maxFeatures) {
        this.tenantTags = tenantTags;
        this.maxTenants = maxTenants;
        this.maxFeatures = maxFeatures;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        if (!id.getName().startsWith("keel.")) {
            return id;
        }
        boolean changed = false;
        List<Tag> tags = new ArrayList<>();
        for (Tag tag : id.getTagsAsIterable()) {
            switch (tag.getKey()) {
                case "tenant" -> {
                    changed = true;
                    if (tenantTags) {
                        tags.add(Tag.of("tenant", capped(tenants, maxTenants, tag.getValue())));
                    }
                }
                case "feature" -> {
                    String value = capped(features, maxFeatures, tag.getValue());
                    changed |= !value.equals(tag.getValue());
                    tags.add(Tag.of("feature", value));
                }
                default -> tags.add(tag);
            }
        }
        return changed ? id.replaceTags(tags) : id;
    }

    private static String capped(Set<String> seen, int cap, String value) {
        if (seen.contains(value)) {
            return value;
        }
        synchronized (seen) {
            if (seen.contains(value)) {
                return value;
            }
            if (seen.size() < cap) {
                seen.add(value);
                return value;
            }
        }
        return OTHER;
    }
}

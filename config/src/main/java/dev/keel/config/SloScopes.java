package dev.keel.config;

/**
 * Which scopes the SLO engine tracks besides {@code global} (always on): one per final provider,
 * feature and tenant, each switchable and capped.
 */
public record SloScopes(SloDimension provider, SloDimension feature, SloDimension tenant) {

    public SloScopes {
        provider = provider == null ? SloDimension.defaults() : provider;
        feature = feature == null ? SloDimension.defaults() : feature;
        tenant = tenant == null ? SloDimension.defaults() : tenant;
    }

    public static SloScopes defaults() {
        return new SloScopes(null, null, null);
    }
}

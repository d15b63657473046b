package dev.keel.config;

/**
 * One scope dimension of the SLO engine ({@code provider}, {@code feature}, {@code tenant}):
 * whether it is tracked, and how many distinct values get a scope of their own. Values past the cap
 * share the scope {@code <dimension>:_other}, so a flood of tenants cannot blow up state.
 */
public record SloDimension(Boolean enabled, Integer maxValues) {

    public static final int DEFAULT_MAX_VALUES = 100;

    public SloDimension {
        enabled = enabled == null || enabled;
        maxValues = maxValues == null ? DEFAULT_MAX_VALUES : maxValues;
        InvalidValueException.check(maxValues >= 1, "max-values", "must be at least 1");
    }

    public static SloDimension defaults() {
        return new SloDimension(null, null);
    }
}

package dev.keel.config;

/**
 * One API key of the gateway, stored as the SHA-256 of the key (never the key itself).
 *
 * @param tenant the tenant_id every request with this key is charged to
 * @param sha256 {@code sha256:<64 hex>} or the bare 64 hex digits of SHA-256(key in UTF-8)
 * @param label  a name for people (shown in logs instead of the key)
 */
public record GatewayKey(String tenant, String sha256, String label) {

    public GatewayKey {
        InvalidValueException.check(tenant != null && !tenant.isBlank(), "tenant", "missing required value");
        InvalidValueException.check(sha256 != null, "sha256", "missing required value");
        String hex = sha256.startsWith("sha256:") ? sha256.substring("sha256:".length()) : sha256;
        InvalidValueException.check(hex.matches("[0-9a-fA-F]{64}"), "sha256", "must be sha256:<64 hex digits> (see keel gateway hash-key)");
        sha256 = hex.toLowerCase(java.util.Locale.ROOT);
        label = label == null || label.isBlank() ? tenant : label;
    }
}

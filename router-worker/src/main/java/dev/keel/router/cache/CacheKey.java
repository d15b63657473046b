package dev.keel.router.cache;

import java.util.Objects;

/**
 * Where one answer lives in the response cache: the tenant (also the key namespace, so tenants can never
 * read each other's entries) and a SHA-256 digest of the normalized prompt and every parameter that
 * changes the answer. Built by {@link CacheKeys}; it never holds prompt text, so it is safe to log.
 *
 * @param tenantId the tenant the entry belongs to
 * @param digest   64 lowercase hex characters
 */
public record CacheKey(String tenantId, String digest) {

    private static final int SHOWN_DIGEST_CHARS = 12;

    public CacheKey {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(digest, "digest");
        if (!isDigest(digest)) {
            throw new IllegalArgumentException("digest must be 64 lowercase hex characters");
        }
    }

    /** A plain loop, not {@code String.matches}: that compiles a regex for every key, and keys are made per request. */
    private static boolean isDigest(String digest) {
        if (digest.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = digest.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "CacheKey[tenant=" + tenantId + ", digest=" + digest.substring(0, SHOWN_DIGEST_CHARS) + "…]";
    }
}

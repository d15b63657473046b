package dev.keel.router.redis;

import java.nio.charset.StandardCharsets;

/**
 * Encodes a tenant id as one Redis key segment: letters, digits, '.', '_' and '-' stay, every other byte of
 * its UTF-8 form becomes {@code %XX}. Injective, so two tenants never share a namespace, and free of
 * {@code :} (the separator) and {@code {}} (Redis Cluster hash tags).
 */
public final class KeySegments {

    private KeySegments() {
    }

    public static String tenant(String tenantId) {
        StringBuilder sb = new StringBuilder(tenantId.length());
        for (byte b : tenantId.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return sb.toString();
    }
}

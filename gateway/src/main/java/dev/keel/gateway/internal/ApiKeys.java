package dev.keel.gateway.internal;

import dev.keel.config.GatewayConfig;
import dev.keel.config.GatewayKey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's API keys, held only as SHA-256 digests: a presented key is hashed and looked up, so
 * neither the keys file nor memory holds a usable key. The keys file has one key per line,
 * {@code <tenant> sha256:<hex> [label]}, with {@code #} comments. Immutable; thread-safe.
 */
public final class ApiKeys {

    /** Who a key belongs to; {@code label} is what logs show, never the key. */
    public record Caller(String tenant, String label) {
    }

    private final Map<String, Caller> byDigest;

    private ApiKeys(Map<String, Caller> byDigest) {
        this.byDigest = Map.copyOf(byDigest);
    }

    /** The inline keys and the keys file of the config; a bad file line fails with its number. */
    public static ApiKeys from(GatewayConfig config) {
        Map<String, Caller> keys = new HashMap<>();
        for (GatewayKey key : config.keys()) {
            keys.put(key.sha256(), new Caller(key.tenant(), key.label()));
        }
        if (config.keysFile() != null) {
            keys.putAll(readFile(Path.of(config.keysFile())));
        }
        return new ApiKeys(keys);
    }

    public static ApiKeys of(List<GatewayKey> keys) {
        Map<String, Caller> map = new HashMap<>();
        keys.forEach(k -> map.put(k.sha256(), new Caller(k.tenant(), k.label())));
        return new ApiKeys(map);
    }

    public int size() {
        return byDigest.size();
    }

    /** The caller of an {@code Authorization} header value ({@code Bearer <key>}), if the key is known. */
    public Optional<Caller> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String key = authorization.substring(7).strip();
        return key.isEmpty() ? Optional.empty() : Optional.ofNullable(byDigest.get(sha256Hex(key)));
    }

    public static String sha256Hex(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static Map<String, Caller> readFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("gateway.keys-file: cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        Map<String, Caller> keys = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 3);
            try {
                GatewayKey key = new GatewayKey(parts[0], parts.length > 1 ? parts[1] : null, parts.length > 2 ? parts[2] : null);
                keys.put(key.sha256(), new Caller(key.tenant(), key.label()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected '<tenant> sha256:<hex> [label]' (" + e.getMessage() + ")");
            }
        }
        return keys;
    }
}

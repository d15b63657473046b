package dev.keel.sim.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Which API keys the simulator answers. Closed mode (keys configured): only accepted keys pass.
 * Open mode (none configured): any key passes, including none, until revoked. {@link #revoke()}
 * makes every key in use fail with 401 (the drill's "revoke the primary's key"); {@link #accept}
 * adds a key (the rotated one). Keys are held as SHA-256 digests, never as text. Thread-safe.
 */
final class KeyRing {

    private static final String NO_KEY = "(none)";

    private final List<String> initial;
    private final Set<String> accepted = new HashSet<>();
    private final Set<String> revoked = new HashSet<>();
    private final Set<String> seen = new HashSet<>();
    private boolean open;

    KeyRing(List<String> acceptedKeys) {
        this.initial = acceptedKeys.stream().map(KeyRing::digest).toList();
        reset();
    }

    synchronized boolean accepts(String key) {
        String d = digest(key == null || key.isEmpty() ? NO_KEY : key);
        if (revoked.contains(d)) {
            return false;
        }
        if (open) {
            if (seen.size() < 10_000) {
                seen.add(d);
            }
            return true;
        }
        return accepted.contains(d);
    }

    /** Every key accepted or seen so far gets 401 from now on; only keys added later pass. */
    synchronized void revoke() {
        revoked.addAll(accepted);
        revoked.addAll(seen);
        accepted.clear();
        seen.clear();
        open = false;
    }

    /** Accepts {@code key} (un-revoking it); {@code replace} drops every other key. */
    synchronized void accept(String key, boolean replace) {
        String d = digest(key);
        if (replace) {
            accepted.clear();
            open = false;
        }
        revoked.remove(d);
        accepted.add(d);
    }

    synchronized void reset() {
        accepted.clear();
        revoked.clear();
        seen.clear();
        accepted.addAll(initial);
        open = initial.isEmpty();
    }

    synchronized String describe() {
        return open ? "any key (" + revoked.size() + " revoked)" : accepted.size() + " accepted, " + revoked.size() + " revoked";
    }

    private static String digest(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

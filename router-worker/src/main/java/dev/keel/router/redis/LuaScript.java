package dev.keel.router.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script shipped as a class-path resource, run with EVALSHA and, when Redis does not know it yet (first
 * use, or after a Redis restart), with EVAL, which also caches it. Immutable.
 */
public record LuaScript(String name, String body, String sha1) {

    /** @param anchor the class whose package holds {@code resource} (a name relative to it) */
    public static LuaScript load(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing class-path resource " + resource);
            }
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new LuaScript(resource, body, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(body.getBytes(StandardCharsets.UTF_8))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-1", e);
        }
    }

    /**
     * Runs the script and returns its array reply as longs.
     *
     * @throws RedisUnavailableException as {@link RedisLink#call} does
     */
    public long[] run(RedisLink link, String[] keys, String... args) {
        List<Object> reply;
        try {
            reply = link.call(c -> c.<List<Object>>evalsha(sha1, ScriptOutputType.MULTI, keys, args));
        } catch (RedisUnavailableException e) {
            if (!(e.getCause() instanceof RedisNoScriptException)) {
                throw e;
            }
            reply = link.call(c -> c.<List<Object>>eval(body, ScriptOutputType.MULTI, keys, args));
        }
        long[] values = new long[reply.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = Long.parseLong(String.valueOf(reply.get(i)));
        }
        return values;
    }
}

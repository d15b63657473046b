package dev.keel.gateway.internal;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The web console's files, read once from the jar ({@code dev/keel/gateway/console/}): nothing comes
 * from a CDN. Served with {@code Cache-Control: no-cache}, so a new gateway version is picked up on
 * reload (the service worker has its own cache for answers, not for these files). Immutable.
 */
public final class ConsoleAssets {

    static final List<String> FILES = List.of("index.html", "status.html", "playground.html", "console.css", "console.js",
            "charts.js", "status.js", "playground.js", "sw.js", "icon.svg");

    private record Asset(byte[] bytes, String contentType) {
    }

    private final Map<String, Asset> assets = new HashMap<>();

    public ConsoleAssets() {
        for (String name : FILES) {
            try (InputStream in = ConsoleAssets.class.getResourceAsStream("/dev/keel/gateway/console/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("console file missing from the jar: " + name);
                }
                assets.put(name, new Asset(in.readAllBytes(), contentType(name)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read console file " + name, e);
            }
        }
    }

    /** Serves {@code /console/<name>}; false when there is no such file. */
    public boolean serve(String name, Response response, Callback callback) {
        Optional<Asset> asset = Optional.ofNullable(assets.get(name.isEmpty() ? "index.html" : name));
        if (asset.isEmpty()) {
            return false;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, asset.get().contentType());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.write(true, ByteBuffer.wrap(asset.get().bytes()), callback);
        return true;
    }

    private static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (name.endsWith(".svg")) {
            return "image/svg+xml";
        }
        return "application/octet-stream";
    }
}

package dev.keel.gateway.internal;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Every path of the gateway, one place: the OpenAI API under {@code /v1}, {@code /health},
 * {@code /metrics}, the console under {@code /console/} and its status feed {@code /api/status}.
 * Handlers run blocking on virtual threads (the server's thread pool). Thread-safe.
 */
public final class GatewayRoutes extends Handler.Abstract {

    private final ChatCompletions completions;
    private final OpenAiJson json;
    private final Set<String> models;
    private final StatusProxy status;
    private final ConsoleAssets console;
    private final PrometheusMeterRegistry prometheus;
    private final BooleanSupplier healthy;
    private final long startedSeconds;

    public GatewayRoutes(ChatCompletions completions, OpenAiJson json, Set<String> models, StatusProxy status,
                         ConsoleAssets console, PrometheusMeterRegistry prometheus, BooleanSupplier healthy, long startedSeconds) {
        this.completions = completions;
        this.json = json;
        this.models = models;
        this.status = status;
        this.console = console;
        this.prometheus = prometheus;
        this.healthy = healthy;
        this.startedSeconds = startedSeconds;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        switch (path) {
            case "/v1/chat/completions", "/chat/completions" -> {
                if (!method.equals("POST")) {
                    return methodNotAllowed(response, callback, "POST");
                }
                completions.handle(request, response, callback);
            }
            case "/v1/models", "/models" -> HttpIo.send(response, callback, 200, HttpIo.JSON, json.models(models, startedSeconds));
            case "/health" -> {
                boolean ok = healthy.getAsBoolean();
                HttpIo.send(response, callback, ok ? 200 : 503, HttpIo.JSON, ok ? "{\"status\":\"ok\"}" : "{\"status\":\"stopping\"}");
            }
            case "/metrics" -> HttpIo.send(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8", prometheus.scrape());
            case "/api/status" -> status.handle(response, callback);
            case "/", "/console" -> {
                response.setStatus(302);
                response.getHeaders().put(HttpHeader.LOCATION, "/console/");
                callback.succeeded();
            }
            default -> {
                if (path.startsWith("/console/") && method.equals("GET") && console.serve(path.substring("/console/".length()), response, callback)) {
                    return true;
                }
                HttpIo.sendError(response, callback, json, new Failure(404, Failure.INVALID_REQUEST, "not_found", null,
                        "No route " + method + " " + (path.length() > 80 ? path.substring(0, 80) : path), null));
            }
        }
        return true;
    }

    private boolean methodNotAllowed(Response response, Callback callback, String allowed) {
        response.getHeaders().put(HttpHeader.ALLOW, allowed);
        HttpIo.sendError(response, callback, json, new Failure(405, Failure.INVALID_REQUEST, "method_not_allowed", null,
                "Use " + allowed + ".", null));
        return true;
    }
}

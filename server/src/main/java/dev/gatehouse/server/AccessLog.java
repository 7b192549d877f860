package dev.gatehouse.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line per request through SLF4J, and the request counter by route and status. It logs
 * the path without its query and no header at all, so no token or secret can reach the log.
 */
final class AccessLog implements RequestLog {

    private static final Logger log = LoggerFactory.getLogger("dev.gatehouse.server.access");
    private static final int MAX_PATH = 200;

    private final MeterRegistry registry;
    // Registering a meter builds and sorts its id on every call; look each one up once instead.
    // Bounded: a handful of routes times the status codes a response can carry.
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();

    AccessLog(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void log(Request request, Response response) {
        var path = request.getHttpURI().getPath();
        var route = route(path);
        var status = response.getStatus();
        counters.computeIfAbsent(route + ' ' + status, key -> Counter.builder("gatehouse.http.requests")
                        .description("HTTP requests by route and status")
                        .tag("route", route)
                        .tag("status", Integer.toString(status))
                        .register(registry))
                .increment();
        if (!log.isInfoEnabled()) {
            return;
        }
        // Key-value pairs, so a JSON encoder writes each as a field of its own line.
        log.atInfo()
                .addKeyValue("method", request.getMethod())
                .addKeyValue("route", route)
                .addKeyValue("path", path == null ? "" : path.substring(0, Math.min(path.length(), MAX_PATH)))
                .addKeyValue("status", status)
                .addKeyValue("remote", Request.getRemoteAddr(request))
                .addKeyValue("duration_ms", (System.nanoTime() - request.getBeginNanoTime()) / 1_000_000)
                .log("http request");
    }

    /** A fixed set, so a client cannot grow the metric's label space with made-up paths. */
    static String route(String path) {
        if (path == null) {
            return "other";
        }
        return switch (path) {
            case "/mcp" -> "/mcp";
            case "/healthz" -> "/healthz";
            case "/metrics" -> "/metrics";
            case "/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp" ->
                "/.well-known/oauth-protected-resource";
            default -> "other";
        };
    }
}

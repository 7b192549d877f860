package dev.gatehouse.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * One MCP client session over Streamable HTTP, spoken with plain JSON-RPC POSTs so that the client
 * costs the same, and little, against either server: initialize, the initialized notification,
 * then {@code tools/call} of the no-op tool.
 */
final class McpSession {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18",\
            "capabilities":{},"clientInfo":{"name":"gatehouse-load-harness","version":"1"}}}""";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"" + NoopTool.TOOL + "\",\"arguments\":{\"q\":\"allowed\"}}}";

    private final HttpClient http;
    private final URI endpoint;
    private final Optional<String> bearer;
    private final String sessionId;
    private long nextId = 1;

    private McpSession(HttpClient http, URI endpoint, Optional<String> bearer, String sessionId) {
        this.http = http;
        this.endpoint = endpoint;
        this.bearer = bearer;
        this.sessionId = sessionId;
    }

    /** Opens a session; fails unless the server answers initialize and accepts the notification. */
    static McpSession open(HttpClient http, URI endpoint, Optional<String> bearer)
            throws IOException, InterruptedException {
        var init = http.send(
                request(endpoint, bearer, Optional.empty(), INITIALIZE), HttpResponse.BodyHandlers.ofString());
        var id = init.headers().firstValue("Mcp-Session-Id");
        if (init.statusCode() != 200 || id.isEmpty()) {
            throw new IOException("initialize answered " + init.statusCode() + " without a session");
        }
        var done = http.send(request(endpoint, bearer, id, INITIALIZED), HttpResponse.BodyHandlers.discarding());
        if (done.statusCode() != 202) {
            throw new IOException("notifications/initialized answered " + done.statusCode());
        }
        return new McpSession(http, endpoint, bearer, id.get());
    }

    /** Calls the no-op tool; true when the answer is its successful result, false for anything else. */
    boolean callNoop() throws IOException, InterruptedException {
        var body = CALL.formatted(nextId++);
        var response = http.send(
                request(endpoint, bearer, Optional.of(sessionId), body), HttpResponse.BodyHandlers.ofString());
        var text = response.body();
        // Either a JSON body or one SSE event carrying it; both contain the result verbatim.
        return response.statusCode() == 200
                && text.contains("\"result\"")
                && text.contains("\"text\":\"ok\"")
                && !text.contains("\"isError\":true");
    }

    private static HttpRequest request(URI endpoint, Optional<String> bearer, Optional<String> session, String body) {
        var builder = HttpRequest.newBuilder(endpoint)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2025-06-18")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        bearer.ifPresent(token -> builder.header("Authorization", "Bearer " + token));
        session.ifPresent(id -> builder.header("Mcp-Session-Id", id));
        return builder.build();
    }

    @Override
    public String toString() {
        // Neither the bearer token nor the session id belongs in a log line.
        return "McpSession[" + endpoint + "]";
    }
}

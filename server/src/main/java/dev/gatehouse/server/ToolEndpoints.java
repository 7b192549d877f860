package dev.gatehouse.server;

import dev.gatehouse.api.ErrorCode;
import dev.gatehouse.api.gateway.Gateway;
import dev.gatehouse.api.gateway.RequestContext;
import dev.gatehouse.api.gateway.ToolView;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpNotificationHandler;
import io.modelcontextprotocol.server.McpRequestHandler;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The MCP methods Gatehouse answers, each a thin translation onto {@link Gateway}. Every handler
 * turns every failure into an {@link McpError} with a fixed message: the SDK would otherwise put an
 * exception's own message into the JSON-RPC error.
 */
final class ToolEndpoints {

    private static final Logger log = LoggerFactory.getLogger(ToolEndpoints.class);
    private static final McpSchema.Implementation SERVER_INFO =
            McpSchema.Implementation.builder("gatehouse", "0.1.0").build();
    private static final Map<String, Object> EMPTY_OBJECT = Map.of("type", "object");

    private final Gateway gateway;
    private final Clock clock;
    private final McpJsonMapper json;
    private final String surface;
    private final Function<McpAsyncServerExchange, Optional<Caller>> callers;

    ToolEndpoints(
            Gateway gateway,
            Clock clock,
            McpJsonMapper json,
            String surface,
            Function<McpAsyncServerExchange, Optional<Caller>> callers) {
        this.gateway = gateway;
        this.clock = clock;
        this.json = json;
        this.surface = surface;
        this.callers = callers;
    }

    // The SDK marks the logging capability deprecated, but clients on 2025-06-18 and 2025-03-26 look
    // for it before they send logging/setLevel, which this server answers.
    @SuppressWarnings("deprecation")
    Mono<McpSchema.InitializeResult> initialize(McpSchema.InitializeRequest request) {
        var capabilities =
                McpSchema.ServerCapabilities.builder().tools(false).logging().build();
        return Mono.just(McpSchema.InitializeResult.builder(
                        McpVersions.negotiate(request.protocolVersion()), capabilities, SERVER_INFO)
                .build());
    }

    Map<String, McpRequestHandler<?>> requestHandlers() {
        McpRequestHandler<Map<String, Object>> ping = (exchange, params) -> Mono.just(Map.of());
        McpRequestHandler<McpSchema.ListToolsResult> list = this::listTools;
        McpRequestHandler<McpSchema.CallToolResult> call = this::callTool;
        McpRequestHandler<Map<String, Object>> setLevel = ToolEndpoints::setLevel;
        return Map.of(
                McpSchema.METHOD_PING,
                ping,
                McpSchema.METHOD_TOOLS_LIST,
                list,
                McpSchema.METHOD_TOOLS_CALL,
                call,
                McpSchema.METHOD_LOGGING_SET_LEVEL,
                setLevel);
    }

    /** The syslog levels of {@code logging/setLevel}, lowest first. */
    static final java.util.List<String> LOG_LEVELS =
            java.util.List.of("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency");

    /**
     * {@code logging/setLevel}: accepted for any of the eight levels. Gatehouse sends a client no
     * log notifications of its own (its logs are the operator's), so nothing is above any level yet;
     * an unknown level is invalid params.
     */
    private static Mono<Map<String, Object>> setLevel(McpAsyncServerExchange exchange, Object params) {
        if (params instanceof Map<?, ?> map && map.get("level") instanceof String level && LOG_LEVELS.contains(level)) {
            return Mono.just(Map.of());
        }
        return Mono.error(new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(
                McpSchema.ErrorCodes.INVALID_PARAMS, "Invalid params", null)));
    }

    Map<String, McpNotificationHandler> notificationHandlers() {
        // Cancellation and roots are accepted and ignored: calls run to their own deadline.
        McpNotificationHandler ignore = (exchange, params) -> Mono.empty();
        return Map.of(
                McpSchema.METHOD_NOTIFICATION_INITIALIZED,
                ignore,
                "notifications/cancelled",
                ignore,
                McpSchema.METHOD_NOTIFICATION_ROOTS_LIST_CHANGED,
                ignore);
    }

    private Mono<McpSchema.ListToolsResult> listTools(McpAsyncServerExchange exchange, Object params) {
        return Mono.fromCallable(() -> {
            var caller = caller(exchange);
            var tools = new ArrayList<McpSchema.Tool>();
            for (var view : guarded(() -> caller.who().listTools())) {
                tools.add(tool(view));
            }
            return McpSchema.ListToolsResult.builder(tools).build();
        });
    }

    @SuppressWarnings("unchecked")
    private McpSchema.Tool tool(ToolView view) {
        Map<String, Object> schema;
        try {
            schema = json.readValue(view.inputSchemaJson(), Map.class);
        } catch (Exception e) {
            // The host validated the schema at install; a broken one still must not break the list.
            log.warn("tool {} has an unreadable input schema; listing it with an empty one", view.name());
            schema = EMPTY_OBJECT;
        }
        return McpSchema.Tool.builder(view.name(), schema)
                .title(ToolHints.title(view))
                .description(view.description())
                .annotations(ToolHints.annotations(view))
                .build();
    }

    private Mono<McpSchema.CallToolResult> callTool(McpAsyncServerExchange exchange, Object params) {
        return Mono.fromCallable(() -> {
            var caller = caller(exchange);
            var request = callRequest(params);
            var context = new RequestContext(clock.instant(), caller.clientAddress(), surface);
            var arguments = request.arguments() == null ? Map.<String, Object>of() : request.arguments();
            var result = guarded(() -> caller.who().call(request.name(), arguments, context));
            return ToolResults.toMcp(result);
        });
    }

    private McpSchema.CallToolRequest callRequest(Object params) {
        McpSchema.CallToolRequest request;
        try {
            request = json.convertValue(params, McpSchema.CallToolRequest.class);
        } catch (RuntimeException e) {
            throw invalidParams();
        }
        if (request == null || request.name() == null || request.name().isBlank()) {
            throw invalidParams();
        }
        return request;
    }

    private Caller caller(McpAsyncServerExchange exchange) {
        return callers.apply(exchange)
                .orElseThrow(() -> new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(
                        McpSchema.ErrorCodes.INVALID_REQUEST, ErrorCode.UNAUTHENTICATED.name(), null)));
    }

    private static McpError invalidParams() {
        return new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(
                McpSchema.ErrorCodes.INVALID_PARAMS, "Invalid params", null));
    }

    /** Runs a gateway call; anything it throws becomes a generic internal error, logged here. */
    private static <T> T guarded(java.util.concurrent.Callable<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            // The gateway promised not to throw; its exception text is not ours to show anyone.
            log.error("gateway failed: {}", e.getClass().getSimpleName());
            throw new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(
                    McpSchema.ErrorCodes.INTERNAL_ERROR, "Internal error", null));
        }
    }
}

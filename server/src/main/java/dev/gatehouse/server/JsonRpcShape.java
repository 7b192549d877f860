package dev.gatehouse.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Optional;

/**
 * The JSON-RPC 2.0 shape of one MCP message, checked before the SDK parses it: the SDK would answer
 * a malformed message with its parser's own words. Batches are refused, as MCP dropped them in
 * 2025-06-18.
 */
final class JsonRpcShape {

    record Problem(int code, String message) {}

    private static final Problem INVALID = new Problem(McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid request");
    private static final Problem INVALID_PARAMS = new Problem(McpSchema.ErrorCodes.INVALID_PARAMS, "Invalid params");
    private static final int MAX_METHOD = 128;

    private JsonRpcShape() {}

    static Optional<Problem> problem(JsonNode message) {
        if (message == null || !message.isObject() || !"2.0".equals(text(message.get("jsonrpc")))) {
            return Optional.of(INVALID);
        }
        var id = message.get("id");
        if (id != null && !(id.isTextual() || id.isIntegralNumber())) {
            return Optional.of(INVALID);
        }
        var params = message.get("params");
        if (params != null && !params.isObject() && !params.isNull()) {
            return Optional.of(INVALID);
        }
        var method = message.get("method");
        if (method != null) {
            if (!method.isTextual()
                    || method.asText().isEmpty()
                    || method.asText().length() > MAX_METHOD) {
                return Optional.of(INVALID);
            }
            if (isInitialize(message)) {
                return initializeProblem(id, params);
            }
            return Optional.empty();
        }
        // A response to a server request: needs an id and exactly one of result and error.
        boolean result = message.has("result");
        boolean error = message.has("error");
        return id != null && result != error ? Optional.empty() : Optional.of(INVALID);
    }

    static boolean isInitialize(JsonNode message) {
        return McpSchema.METHOD_INITIALIZE.equals(text(message.get("method")));
    }

    private static Optional<Problem> initializeProblem(JsonNode id, JsonNode params) {
        if (id == null) {
            return Optional.of(INVALID);
        }
        if (params == null || !params.isObject()) {
            return Optional.of(INVALID_PARAMS);
        }
        var info = params.get("clientInfo");
        boolean ok = params.path("protocolVersion").isTextual()
                && params.path("capabilities").isObject()
                && info != null
                && info.isObject()
                && info.path("name").isTextual()
                && info.path("version").isTextual();
        return ok ? Optional.empty() : Optional.of(INVALID_PARAMS);
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }
}

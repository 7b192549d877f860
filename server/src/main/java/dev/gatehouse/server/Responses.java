package dev.gatehouse.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The fixed bodies the server writes itself. None carries anything from the request or an exception. */
final class Responses {

    static final ObjectMapper JSON = new ObjectMapper();

    private Responses() {}

    static void json(HttpServletResponse response, int status, Object body) throws IOException {
        var bytes = JSON.writeValueAsBytes(body);
        response.setStatus(status);
        write(response, bytes);
    }

    /** Writes a JSON body under the status the response already has. */
    static void write(HttpServletResponse response, byte[] json) throws IOException {
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }

    /** A JSON-RPC error with a null id, for requests refused before any id could be trusted. */
    static void rpcError(HttpServletResponse response, int status, int code, String message) throws IOException {
        rpcError(response, status, null, code, message);
    }

    /** A JSON-RPC error answering the request with this {@code id}. */
    static void rpcError(HttpServletResponse response, int status, Object id, int code, String message)
            throws IOException {
        var error = new LinkedHashMap<String, Object>();
        error.put("code", code);
        error.put("message", message);
        var body = new LinkedHashMap<String, Object>();
        body.put("jsonrpc", "2.0");
        body.put("id", id);
        body.put("error", error);
        json(response, status, body);
    }

    /** The generic error for an HTTP status, used wherever something else would have described it. */
    static void generic(HttpServletResponse response, int status) throws IOException {
        response.setStatus(status);
        write(response, genericBytes(status));
    }

    /** The generic error body as {@link #rpcError} would write it; Jetty's error handlers need it as bytes. */
    static byte[] genericBytes(int status) {
        return ("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":" + rpcCode(status) + ",\"message\":\""
                        + phrase(status) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static int rpcCode(int status) {
        return status >= 500 ? -32603 : status == 404 ? -32001 : -32600;
    }

    static String phrase(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Authentication required";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 406 -> "Not acceptable";
            case 413 -> "Request body too large";
            case 415 -> "Unsupported media type";
            case 503 -> "Service unavailable";
            default -> status >= 500 ? "Internal error" : "Request refused";
        };
    }

    static Map<String, Object> status(String value) {
        return Map.of("status", value);
    }
}

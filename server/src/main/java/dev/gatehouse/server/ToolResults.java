package dev.gatehouse.server;

import dev.gatehouse.api.ErrorCode;
import dev.gatehouse.api.gateway.CallResult;
import dev.gatehouse.api.tool.ToolOutput;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.Map;

/**
 * How a gateway result reads in MCP. A failure carries only its code and the code's generic message,
 * whatever the gateway put in its own message. An unknown tool is a JSON-RPC error (-32602), as the
 * MCP tools chapter lists unknown tools among protocol errors; every other failure is a tool result
 * with {@code isError: true}, so a model can read it and adjust.
 */
final class ToolResults {

    /** The {@code _meta} key that carries a rate limit's retry-after, in whole seconds. */
    static final String RETRY_AFTER_META = "dev.gatehouse/retryAfterSeconds";

    private ToolResults() {}

    static McpSchema.CallToolResult toMcp(CallResult result) {
        return switch (result) {
            case CallResult.Success s -> success(s.output());
            case CallResult.Failure f -> failure(f);
        };
    }

    private static McpSchema.CallToolResult success(ToolOutput output) {
        var content = new ArrayList<McpSchema.Content>();
        for (var c : output.content()) {
            switch (c) {
                case ToolOutput.Content.Text t ->
                    content.add(McpSchema.TextContent.builder(t.text()).build());
            }
        }
        var builder = McpSchema.CallToolResult.builder().content(content).isError(output.isError());
        output.structured().ifPresent(builder::structuredContent);
        return builder.build();
    }

    private static McpSchema.CallToolResult failure(CallResult.Failure failure) {
        var code = failure.code();
        if (code == ErrorCode.NOT_FOUND) {
            throw new McpError(
                    new McpSchema.JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INVALID_PARAMS, text(code), null));
        }
        var builder = McpSchema.CallToolResult.builder().isError(true);
        var retryAfter = failure.retryAfter().filter(d -> code == ErrorCode.RATE_LIMITED);
        if (retryAfter.isPresent()) {
            long seconds = Math.max(1, (retryAfter.get().toMillis() + 999) / 1000);
            builder.addTextContent(text(code) + " (retry after " + seconds + "s)");
            builder.meta(Map.of(RETRY_AFTER_META, seconds));
        } else {
            // The code's own generic text, and for INVALID_ARGUMENTS the typed argument problems; the
            // message a gateway put in the failure is never forwarded.
            builder.addTextContent(
                    code == ErrorCode.INVALID_ARGUMENTS
                            ? CallResult.Failure.of(code).text() + problems(failure)
                            : text(code));
        }
        return builder.build();
    }

    private static String problems(CallResult.Failure failure) {
        return failure.problems().isEmpty()
                ? ""
                : ": "
                        + String.join(
                                "; ",
                                failure.problems().stream()
                                        .map(dev.gatehouse.api.gateway.ArgumentProblem::describe)
                                        .toList());
    }

    static String text(ErrorCode code) {
        return code.name() + ": " + code.message();
    }
}

package dev.gatehouse.api.tool;

import java.util.Map;

/**
 * Runs one tool call. Implementations (builtin tools, later the wasm and process tiers) receive
 * arguments already validated against the tool's schema and a grant that bounds what they may
 * touch. A thrown exception is contained by the host and reported to the caller as
 * {@code PLUGIN_ERROR} with a generic message; a tool that wants the caller to see why it
 * failed returns {@link ToolOutput#error(String)} instead.
 */
@FunctionalInterface
public interface ToolHandler {

    /**
     * @param arguments JSON-shaped: String, Number, Boolean, null, List and Map values
     */
    ToolOutput call(String tool, Map<String, Object> arguments, ExecutionGrant grant) throws Exception;
}

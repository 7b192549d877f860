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

    /**
     * The arguments in the one form the tool gives them meaning, for policies to judge and the tool
     * to run with: a tool that reads {@code ./secrets/x} and {@code secrets//x} as {@code
     * secrets/x} says so here, so a policy on {@code secrets/} sees what the tool will touch. Called
     * after schema validation; must not change what the call does. By default, unchanged.
     */
    default Map<String, Object> normalize(String tool, Map<String, Object> arguments) {
        return arguments;
    }
}

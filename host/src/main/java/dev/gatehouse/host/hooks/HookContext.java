package dev.gatehouse.host.hooks;

import dev.gatehouse.api.ErrorCode;
import dev.gatehouse.api.tool.ToolOutput;
import java.util.Map;
import java.util.Optional;

/**
 * What a hook is shown of one call.
 *
 * @param arguments the call's arguments (read-only)
 * @param output the tool's output, for post_tool_call and transform_tool_result
 * @param error the failure, for on_error
 */
public record HookContext(
        String tool,
        String plugin,
        String principalId,
        Map<String, Object> arguments,
        Optional<ToolOutput> output,
        Optional<ErrorCode> error) {}

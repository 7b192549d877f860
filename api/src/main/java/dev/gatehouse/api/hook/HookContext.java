package dev.gatehouse.api.hook;

import dev.gatehouse.api.ErrorCode;
import dev.gatehouse.api.tool.ToolOutput;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

/**
 * What a hook is shown of one call, and all it is shown: there is no grant or secret here, and the
 * output has already passed secret redaction.
 *
 * @param tool the tool being called
 * @param plugin the plugin that provides the tool (not the hook's own plugin)
 * @param principalId who is calling
 * @param arguments the call's arguments, read-only (a hook that wants others answers {@link
 *     HookResult.Rewrite})
 * @param output the tool's output, for post_tool_call and transform_tool_result
 * @param error the failure, for on_error
 */
public record HookContext(
        String tool,
        String plugin,
        String principalId,
        Map<String, Object> arguments,
        Optional<ToolOutput> output,
        Optional<ErrorCode> error) {

    public HookContext {
        // A view, not a copy: JSON arguments may hold nulls, and hooks run on every call.
        arguments = Collections.unmodifiableMap(arguments);
    }
}

package dev.gatehouse.host;

import dev.gatehouse.api.ErrorCode;
import dev.gatehouse.api.tool.ExecutionGrant;
import dev.gatehouse.api.tool.ToolHandler;
import dev.gatehouse.api.tool.ToolOutput;
import java.util.Map;

/**
 * Stands for the handler of a tool whose plugin is enabled but cannot run (its tier is not
 * available, or it failed to load). The pipeline answers such a tool with {@code UNAVAILABLE}
 * before it would ever be called; this refuses too, should anything call it anyway.
 *
 * @param reason why, for the operator (plugins list, the audit log); never shown to callers
 */
record UnavailableTier(String reason) implements ToolHandler {

    @Override
    public ToolOutput call(String tool, Map<String, Object> arguments, ExecutionGrant grant) {
        throw new CallFailure(ErrorCode.UNAVAILABLE, reason);
    }
}

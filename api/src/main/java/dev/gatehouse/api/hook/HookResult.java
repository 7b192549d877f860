package dev.gatehouse.api.hook;

import dev.gatehouse.api.tool.ToolOutput;
import java.util.Map;

/** A hook's answer. Which answers count depends on the event; others are ignored and audited. */
public sealed interface HookResult {

    /** Changes nothing. The only answer post_tool_call and on_error hooks can give. */
    record Continue() implements HookResult {}

    /** pre_tool_call: stop the call. The reason goes to the audit log, not to the caller. */
    record Block(String reason) implements HookResult {}

    /** pre_tool_call: replace the arguments; they must still satisfy the tool's schema. */
    record Rewrite(Map<String, Object> arguments) implements HookResult {}

    /** transform_tool_result: replace the output the caller receives. */
    record Replace(ToolOutput output) implements HookResult {}

    static HookResult proceed() {
        return new Continue();
    }
}

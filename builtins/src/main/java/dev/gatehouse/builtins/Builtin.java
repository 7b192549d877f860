package dev.gatehouse.builtins;

import dev.gatehouse.api.tool.ToolHandler;
import java.util.Map;

/**
 * One bundled plugin of the builtin tier: its manifest, which the host installs and holds it to
 * like any other, and a handler for each tool that manifest declares.
 *
 * @param manifestYaml the manifest v1 text; its {@code capabilities} reflect the operator's
 *     {@code builtins:} configuration, so widening that configuration is a capability change the
 *     operator consents to like any other
 * @param handlers tool name to handler; the keys are exactly the manifest's tool names
 */
public record Builtin(String pluginName, String manifestYaml, Map<String, ToolHandler> handlers) {

    public Builtin {
        handlers = Map.copyOf(handlers);
    }
}

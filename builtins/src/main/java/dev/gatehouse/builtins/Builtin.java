package dev.gatehouse.builtins;

import dev.gatehouse.api.hook.HookHandler;
import dev.gatehouse.api.manifest.HookDeclaration.HookEvent;
import dev.gatehouse.api.tool.ToolHandler;
import java.util.Map;

/**
 * One plugin of the builtin tier: its manifest, which the host installs and holds it to like any
 * other, a handler for each tool that manifest declares, and one for each hook event it declares.
 *
 * @param manifestYaml the manifest v1 text; its {@code capabilities} reflect the operator's
 *     {@code builtins:} configuration, so widening that configuration is a capability change the
 *     operator consents to like any other
 * @param handlers tool name to handler; the keys are exactly the manifest's tool names
 * @param hooks hook event to handler; the keys must be exactly the events of the manifest's
 *     {@code provides_hooks}, or the host refuses to load the plugin
 */
public record Builtin(
        String pluginName, String manifestYaml, Map<String, ToolHandler> handlers, Map<HookEvent, HookHandler> hooks) {

    public Builtin {
        handlers = Map.copyOf(handlers);
        hooks = Map.copyOf(hooks);
    }

    /** A builtin with tools and no hooks. */
    public Builtin(String pluginName, String manifestYaml, Map<String, ToolHandler> handlers) {
        this(pluginName, manifestYaml, handlers, Map.of());
    }
}

package dev.gatehouse.sandbox;

import dev.gatehouse.api.hook.HookHandler;
import dev.gatehouse.api.manifest.HookDeclaration.HookEvent;
import dev.gatehouse.api.tool.ToolHandler;
import java.util.Map;

/**
 * A plugin as its tier runs it. The host reaches the plugin's code only through these handlers,
 * holds the hooks to what the manifest declares and the operator consented to, and closes the
 * runtime when the plugin is disabled, replaced or the host stops.
 */
public interface PluginRuntime extends AutoCloseable {

    /** The handler for every tool of the manifest (the tool name is its first argument). */
    ToolHandler tools();

    /** The plugin's hook handlers by event; the host refuses the plugin if these differ from its manifest. */
    Map<HookEvent, HookHandler> hooks();

    /** Whether the runtime can answer now, for the console, {@code doctor} and the metrics. */
    Health health();

    /** Stops the runtime and everything it started; a second call does nothing. */
    @Override
    void close();

    /** How a runtime is doing, in words for the operator. */
    sealed interface Health {
        record Ready() implements Health {}

        /** @param reason why calls would fail now */
        record Failing(String reason) implements Health {}
    }
}

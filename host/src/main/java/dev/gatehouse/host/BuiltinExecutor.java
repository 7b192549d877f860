package dev.gatehouse.host;

import dev.gatehouse.api.hook.HookHandler;
import dev.gatehouse.api.manifest.HookDeclaration.HookEvent;
import dev.gatehouse.api.tool.ExecutionGrant;
import dev.gatehouse.api.tool.ToolHandler;
import dev.gatehouse.api.tool.ToolOutput;
import dev.gatehouse.builtins.Builtin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the builtin tier: host code for the bundled plugins' tools and hooks, matched by name. Only the host can
 * install a plugin with the builtin runtime (the lifecycle refuses it from any other source), so
 * a third-party plugin can never borrow these handlers.
 */
final class BuiltinExecutor {

    private final Map<String, Builtin> byName = new HashMap<>();

    BuiltinExecutor(List<Builtin> builtins) {
        builtins.forEach(b -> byName.put(b.pluginName(), b));
    }

    /** The tree a bundled builtin is installed from: its manifest and nothing else. */
    static Path writeTree(Builtin builtin, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("plugin.yaml"), builtin.manifestYaml(), StandardCharsets.UTF_8);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ToolHandler handlerFor(String pluginName) {
        var bundled = byName.get(pluginName);
        if (bundled == null) {
            return null;
        }
        var handlers = bundled.handlers();
        return new ToolHandler() {
            @Override
            public ToolOutput call(String tool, java.util.Map<String, Object> arguments, ExecutionGrant grant)
                    throws Exception {
                var handler = handlers.get(tool);
                return handler == null ? ToolOutput.error("no such tool") : handler.call(tool, arguments, grant);
            }

            @Override
            public java.util.Map<String, Object> normalize(String tool, java.util.Map<String, Object> arguments) {
                var handler = handlers.get(tool);
                return handler == null ? arguments : handler.normalize(tool, arguments);
            }
        };
    }

    /** The hook handlers a builtin supplies, by event; none for a name that is not a builtin. */
    Map<HookEvent, HookHandler> hooksFor(String pluginName) {
        var bundled = byName.get(pluginName);
        return bundled == null ? Map.of() : bundled.hooks();
    }
}

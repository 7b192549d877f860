package dev.gatehouse.builtins;

import dev.gatehouse.api.hook.HookHandler;
import dev.gatehouse.api.manifest.HookDeclaration.HookEvent;
import dev.gatehouse.api.tool.ExecutionGrant;
import dev.gatehouse.api.tool.ToolHandler;
import dev.gatehouse.api.tool.ToolOutput;
import dev.gatehouse.sandbox.EnabledPlugin;
import dev.gatehouse.sandbox.ExecutionTier;
import dev.gatehouse.sandbox.PluginRuntime;
import dev.gatehouse.sandbox.TierException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The builtin tier: host code for the bundled plugins' tools and hooks, matched by plugin name.
 * Only the host can install a plugin with the builtin runtime (the lifecycle refuses it from any
 * other source), so a third-party plugin can never borrow these handlers.
 */
public final class BuiltinTier implements ExecutionTier {

    private final Map<String, Builtin> byName = new HashMap<>();

    public BuiltinTier(List<Builtin> builtins) {
        builtins.forEach(b -> byName.put(b.pluginName(), b));
    }

    @Override
    public String runtimeType() {
        return "builtin";
    }

    @Override
    public Optional<String> unavailable() {
        return Optional.empty();
    }

    @Override
    public PluginRuntime open(EnabledPlugin plugin) throws TierException {
        var bundled = byName.get(plugin.name());
        if (bundled == null) {
            throw new TierException(
                    "declares the builtin runtime but is not one of the builtins bundled with this Gatehouse");
        }
        return new Running(bundled);
    }

    /** Host code has nothing to start or stop: always ready. */
    private record Running(Builtin bundled) implements PluginRuntime {

        @Override
        public ToolHandler tools() {
            var handlers = bundled.handlers();
            return new ToolHandler() {
                @Override
                public ToolOutput call(String tool, Map<String, Object> arguments, ExecutionGrant grant)
                        throws Exception {
                    var handler = handlers.get(tool);
                    return handler == null ? ToolOutput.error("no such tool") : handler.call(tool, arguments, grant);
                }

                @Override
                public Map<String, Object> normalize(String tool, Map<String, Object> arguments) {
                    var handler = handlers.get(tool);
                    return handler == null ? arguments : handler.normalize(tool, arguments);
                }
            };
        }

        @Override
        public Map<HookEvent, HookHandler> hooks() {
            return bundled.hooks();
        }

        @Override
        public Health health() {
            return new Health.Ready();
        }

        @Override
        public void close() {}
    }
}

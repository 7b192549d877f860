package dev.gatehouse.host;

import dev.gatehouse.builtins.Builtin;
import dev.gatehouse.config.GatehouseHome;
import dev.gatehouse.plugins.lifecycle.PluginLifecycle;
import dev.gatehouse.plugins.lifecycle.UpdateOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the installed builtins in step with the manifests the current configuration gives them.
 * A builtin's capabilities follow gatehouse.yaml (its file roots, its hosts), so a configuration
 * that widens them produces an update that waits for consent, like any plugin's; one that
 * narrows them takes effect at once.
 */
final class BuiltinSync {

    private BuiltinSync() {}

    /** @return one line per builtin that changed, for the operator */
    static List<String> sync(GatehouseHome home, PluginLifecycle lifecycle, List<Builtin> builtins, String how) {
        var notes = new ArrayList<String>();
        for (var builtin : builtins) {
            var name = builtin.pluginName();
            var tree = BuiltinExecutor.writeTree(
                    builtin,
                    // Named like every staging entry (pid first) so the stale-staging sweep spares it.
                    home.staging().resolve(ProcessHandle.current().pid() + "-bundled-" + name));
            try {
                var installed = lifecycle.list().stream()
                        .filter(r -> r.name().equals(name))
                        .findFirst();
                if (installed.isEmpty()) {
                    try (var prepared = lifecycle.prepareBundled(tree)) {
                        lifecycle.install(prepared);
                    }
                    lifecycle.enable(lifecycle.proposeEnable(name), how);
                    notes.add("installed and enabled the builtin " + name);
                    continue;
                }
                var outcome = lifecycle.updateBundled(name, tree);
                if (outcome.kind() == UpdateOutcome.Kind.PENDING) {
                    notes.add("the configuration widens what the builtin " + name + " may do; it keeps its consented"
                            + " capabilities until 'gatehouse plugins enable " + name + "'");
                } else if (outcome.kind() == UpdateOutcome.Kind.ACTIVATED) {
                    notes.add("the builtin " + name + " follows the narrower configuration");
                }
            } finally {
                delete(tree);
            }
        }
        return notes;
    }

    private static void delete(java.nio.file.Path tree) {
        try {
            Files.deleteIfExists(tree.resolve("plugin.yaml"));
            Files.deleteIfExists(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

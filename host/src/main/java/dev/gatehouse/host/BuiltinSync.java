package dev.gatehouse.host;

import dev.gatehouse.builtins.Builtin;
import dev.gatehouse.plugins.lifecycle.PluginLifecycle;
import dev.gatehouse.plugins.lifecycle.PluginRecord;
import dev.gatehouse.plugins.lifecycle.UpdateOutcome;
import dev.gatehouse.plugins.source.TreeDigest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Keeps the installed builtins in step with the manifests the current configuration gives them.
 * A builtin's capabilities follow gatehouse.yaml (its file roots, its hosts), so a configuration
 * that widens them produces an update that waits for consent, like any plugin's; one that
 * narrows them takes effect at once.
 */
final class BuiltinSync {

    private BuiltinSync() {}

    /** @return one line per builtin that changed, for the operator */
    static List<String> sync(PluginLifecycle lifecycle, List<Builtin> builtins, String how) {
        var notes = new ArrayList<String>();
        var installed = lifecycle.list().stream().collect(Collectors.toMap(PluginRecord::name, r -> r));
        for (var builtin : builtins) {
            var name = builtin.pluginName();
            if (!installed.containsKey(name) && lifecycle.removedByOperator(name)) {
                notes.add("the builtin " + name + " stays removed, as the operator chose;"
                        + " 'gatehouse plugins restore " + name + "' brings it back at the next start");
                continue;
            }
            // A source tree to install from, copied like any other; it lives outside plugins/.
            var tree = tempDir().resolve("tree");
            try {
                writeTree(builtin, tree);
                var record = installed.get(name);
                if (record == null) {
                    try (var prepared = lifecycle.prepareBundled(tree)) {
                        lifecycle.install(prepared);
                    }
                    lifecycle.enable(lifecycle.proposeEnable(name), how);
                    notes.add("installed and enabled the builtin " + name);
                    continue;
                }
                // Every start comes here: skip the staged update when the manifest is what is active.
                if (record.pending().isEmpty() && record.active().digest().equals(TreeDigest.of(tree))) {
                    if (record.tampered().isPresent()) {
                        lifecycle.repairBundled(name, tree);
                        notes.add("repaired the builtin " + name + ", whose installed files had been changed");
                    }
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

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("gatehouse-bundled-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path tree) {
        try {
            Files.deleteIfExists(tree.resolve("plugin.yaml"));
            Files.deleteIfExists(tree);
            Files.deleteIfExists(tree.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tree a bundled builtin is installed from: its manifest and nothing else. */
    static java.nio.file.Path writeTree(Builtin builtin, java.nio.file.Path dir) {
        try {
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.writeString(
                    dir.resolve("plugin.yaml"), builtin.manifestYaml(), java.nio.charset.StandardCharsets.UTF_8);
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

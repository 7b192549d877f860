package dev.gatehouse.host;

import dev.gatehouse.api.tool.ToolHandler;
import dev.gatehouse.api.tool.ToolOutput;
import dev.gatehouse.builtins.Builtin;
import dev.gatehouse.plugins.source.TreeDigest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the builtin tier: host code for the bundled plugins. A plugin gets these handlers only if
 * its installed tree is exactly the bundled one (same digest), so a third-party plugin calling
 * itself "files" with a builtin runtime gets nothing.
 */
final class BuiltinExecutor {

    private final Map<String, Bundled> byName = new HashMap<>();

    record Bundled(Builtin builtin, String digest) {}

    BuiltinExecutor(List<Builtin> builtins) {
        for (var b : builtins) {
            byName.put(b.pluginName(), new Bundled(b, digestOf(b)));
        }
    }

    List<Builtin> builtins() {
        return byName.values().stream().map(Bundled::builtin).toList();
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

    private static String digestOf(Builtin builtin) {
        try {
            var dir = Files.createTempDirectory("gatehouse-builtin-");
            try {
                return TreeDigest.of(writeTree(builtin, dir.resolve("tree")));
            } finally {
                Files.deleteIfExists(dir.resolve("tree/plugin.yaml"));
                Files.deleteIfExists(dir.resolve("tree"));
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ToolHandler handlerFor(String pluginName, String installedDigest) {
        var bundled = byName.get(pluginName);
        if (bundled == null || !bundled.digest().equals(installedDigest)) {
            return null;
        }
        var handlers = bundled.builtin().handlers();
        return (tool, arguments, grant) -> {
            var handler = handlers.get(tool);
            return handler == null ? ToolOutput.error("no such tool") : handler.call(tool, arguments, grant);
        };
    }
}

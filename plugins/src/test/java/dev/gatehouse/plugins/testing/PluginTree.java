package dev.gatehouse.plugins.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds real plugin directories with a generated {@code plugin.yaml}, for tests that install,
 * update and inspect plugins. Each call returns a new builder; {@link #writeTo} makes the files.
 */
public final class PluginTree {

    private final String name;
    private String version = "1.0.0";
    private String publisher = "acme";
    private String packageName;
    private String runtime = "runtime:\n  type: process\n  command: [node, dist/index.js]\n";
    private final Map<String, String> tools = new LinkedHashMap<>();
    private final List<String> hooks = new ArrayList<>();
    private final List<String> net = new ArrayList<>();
    private final List<String> fsRead = new ArrayList<>();
    private final List<String> env = new ArrayList<>();
    private final List<String> secrets = new ArrayList<>();
    private String limits = "";
    private final Map<String, String> files = new LinkedHashMap<>();

    private PluginTree(String name) {
        this.name = name;
        this.packageName = name + "-pkg";
        tool(name.replace('-', '_') + "_lookup", "read", name.replace("-", "") + ":read", "Look a thing up.");
        files.put("dist/index.js", "console.log('hello from " + name + "');\n");
    }

    public static PluginTree named(String name) {
        return new PluginTree(name);
    }

    public PluginTree version(String v) {
        this.version = v;
        return this;
    }

    public PluginTree publisher(String p) {
        this.publisher = p;
        return this;
    }

    public PluginTree packageName(String p) {
        this.packageName = p;
        return this;
    }

    public PluginTree noTools() {
        tools.clear();
        return this;
    }

    /** Adds (or replaces) a tool; its input schema has one string property {@code q}. */
    public PluginTree tool(String toolName, String effects, String scope, String description) {
        tools.put(
                toolName,
                "  - name: " + toolName + "\n"
                        + "    description: \"" + description + "\"\n"
                        + "    input_schema: {type: object, properties: {q: {type: string}}, required: [q]}\n"
                        + "    required_scopes: [" + scope + "]\n"
                        + "    effects: " + effects + "\n");
        return this;
    }

    public PluginTree hook(String event) {
        hooks.add(event);
        return this;
    }

    public PluginTree net(String hostPort) {
        net.add(hostPort);
        return this;
    }

    public PluginTree fsRead(String path) {
        fsRead.add(path);
        return this;
    }

    public PluginTree env(String envName) {
        env.add(envName);
        return this;
    }

    public PluginTree secret(String envName) {
        secrets.add(envName);
        return this;
    }

    public PluginTree memoryMb(int mb) {
        limits = "  limits: {memory_mb: " + mb + "}\n";
        return this;
    }

    public PluginTree builtin() {
        runtime = "runtime:\n  type: builtin\n";
        return this;
    }

    /** A wasm runtime with a module file (its bytes are not checked by anything that installs it). */
    public PluginTree wasm() {
        runtime = "runtime:\n  type: wasm\n  module: plugin.wasm\n";
        files.put("plugin.wasm", "\0asm");
        return this;
    }

    public PluginTree file(String relative, String content) {
        files.put(relative, content);
        return this;
    }

    /** Replaces the generated manifest with this text. */
    public PluginTree manifest(String yaml) {
        files.put("plugin.yaml", yaml);
        return this;
    }

    public String manifestText() {
        var y = new StringBuilder();
        y.append("manifest_version: 1\n");
        y.append("name: ").append(name).append('\n');
        y.append("version: ").append(version).append('\n');
        y.append("description: Test plugin ").append(name).append('\n');
        y.append("publisher: ").append(publisher).append('\n');
        y.append("package: ").append(packageName).append('\n');
        y.append(runtime);
        if (!tools.isEmpty()) {
            y.append("provides_tools:\n");
            tools.values().forEach(y::append);
        }
        if (!hooks.isEmpty()) {
            y.append("provides_hooks:\n");
            hooks.forEach(h -> y.append("  - {event: ").append(h).append(", purpose: test hook}\n"));
        }
        if (!env.isEmpty() || !secrets.isEmpty()) {
            y.append("requires_env:\n");
            env.forEach(e -> y.append("  - {name: ").append(e).append(", description: setting, secret: false}\n"));
            secrets.forEach(e -> y.append("  - {name: ").append(e).append(", description: token, secret: true}\n"));
        }
        y.append("capabilities:\n");
        y.append("  net: [")
                .append(String.join(", ", net.stream().map(n -> "\"" + n + "\"").toList()))
                .append("]\n");
        y.append("  fs:\n    read: [")
                .append(String.join(
                        ", ", fsRead.stream().map(p -> "\"" + p + "\"").toList()))
                .append("]\n    write: []\n");
        y.append(limits);
        return y.toString();
    }

    /** Writes the plugin into {@code dir} (created if needed) and returns it. */
    public Path writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            if (!files.containsKey("plugin.yaml")) {
                Files.writeString(dir.resolve("plugin.yaml"), manifestText(), StandardCharsets.UTF_8);
            }
            for (var e : files.entrySet()) {
                var file = dir.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.gatehouse.testing;

import dev.gatehouse.api.manifest.Capabilities;
import dev.gatehouse.api.manifest.PluginManifest;
import dev.gatehouse.api.manifest.Runtime;
import dev.gatehouse.api.manifest.ScopeHierarchy;
import dev.gatehouse.api.manifest.ToolDefinition;
import java.util.List;
import java.util.Optional;

/** Manifests built in code, for tests that need a plugin without parsing one. */
public final class Manifests {

    private Manifests() {}

    /** Version 1.0.0 of a process plugin with these tools, no hooks, env or capabilities. */
    public static PluginManifest process(String name, List<String> command, List<ToolDefinition> tools) {
        return new PluginManifest(
                1,
                name,
                "1.0.0",
                "test",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                new Runtime.Process(command),
                tools,
                List.of(),
                List.of(),
                Capabilities.none(),
                ScopeHierarchy.empty());
    }
}

package dev.gatehouse.api.manifest;

import java.util.List;
import java.util.Optional;

/**
 * A validated plugin manifest (v1). Instances only come out of the manifest parser, which has
 * already enforced every rule of the format; code holding one may rely on it.
 *
 * @param manifestVersion always 1 for now
 * @param name plugin id, {@code ^[a-z][a-z0-9-]{1,62}$}
 * @param version semantic version
 * @param publisher who signs it; matched against trusted publishers
 * @param packageName distribution name; the operator allowlist binds name, package and publisher
 * @param source where the plugin's source lives, informational
 */
public record PluginManifest(
        int manifestVersion,
        String name,
        String version,
        String description,
        Optional<String> author,
        Optional<String> publisher,
        Optional<String> packageName,
        Optional<String> source,
        Runtime runtime,
        List<ToolDefinition> tools,
        List<HookDeclaration> hooks,
        List<EnvRequirement> env,
        Capabilities capabilities,
        ScopeHierarchy scopes) {

    public PluginManifest {
        tools = List.copyOf(tools);
        hooks = List.copyOf(hooks);
        env = List.copyOf(env);
    }

    public Optional<ToolDefinition> tool(String toolName) {
        return tools.stream().filter(t -> t.name().equals(toolName)).findFirst();
    }

    /** Names of the secrets this plugin declares; the only ones it may ever receive. */
    public List<String> secretNames() {
        return env.stream()
                .filter(EnvRequirement::secret)
                .map(EnvRequirement::name)
                .toList();
    }
}

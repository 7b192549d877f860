package dev.gatehouse.config;

import java.util.Map;

/**
 * The operator's configuration, read from {@code $GATEHOUSE_HOME/gatehouse.yaml}. The plugin
 * policy is built in; every other section belongs to the module that declares it as a
 * {@link ConfigSection}.
 *
 * @param digests top-level key to the SHA-256 (hex) of that section's canonical JSON, for every
 *     section the file has; a section left out is absent here. Equal content, however it is laid
 *     out in the file, gives an equal digest, so a change of digest is a change of meaning.
 */
public record OperatorConfig(PluginPolicy plugins, Map<String, Object> sections, Map<String, String> digests) {

    public OperatorConfig {
        sections = Map.copyOf(sections);
        digests = Map.copyOf(digests);
    }

    public OperatorConfig(PluginPolicy plugins, Map<String, Object> sections) {
        this(plugins, sections, Map.of());
    }

    public OperatorConfig(PluginPolicy plugins) {
        this(plugins, Map.of());
    }

    public static OperatorConfig defaults() {
        return new OperatorConfig(PluginPolicy.permissiveDefaults());
    }

    /** The section as read from the file, or its defaults when it was not read. */
    public <T> T section(ConfigSection<T> section) {
        var value = sections.get(section.key());
        return value == null ? section.defaults() : section.type().cast(value);
    }

    /** A copy with one section replaced: for tests and tools that build a configuration in code. */
    public <T> OperatorConfig with(ConfigSection<T> section, T value) {
        var copy = new java.util.HashMap<>(sections);
        copy.put(section.key(), value);
        // Built in code, the section no longer matches the file it was read from.
        var digestsCopy = new java.util.HashMap<>(digests);
        digestsCopy.remove(section.key());
        return new OperatorConfig(plugins, copy, digestsCopy);
    }
}

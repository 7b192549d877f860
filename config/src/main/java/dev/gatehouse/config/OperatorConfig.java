package dev.gatehouse.config;

import java.util.Map;

/**
 * The operator's configuration, read from {@code $GATEHOUSE_HOME/gatehouse.yaml}. The plugin
 * policy is built in; every other section belongs to the module that declares it as a
 * {@link ConfigSection}.
 */
public record OperatorConfig(PluginPolicy plugins, Map<String, Object> sections) {

    public OperatorConfig {
        sections = Map.copyOf(sections);
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
        return new OperatorConfig(plugins, copy);
    }
}

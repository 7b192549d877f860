package dev.gatehouse.config;

/**
 * The operator's configuration, read from {@code $GATEHOUSE_HOME/gatehouse.yaml}. Later issues add
 * sections (server, auth, scopes, policies, ...); each is a record component here.
 */
public record OperatorConfig(PluginPolicy plugins) {

    public static OperatorConfig defaults() {
        return new OperatorConfig(PluginPolicy.permissiveDefaults());
    }
}

package dev.gatehouse.host;

import dev.gatehouse.config.ConfigNode;
import dev.gatehouse.config.ConfigSection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Values for the non-secret env a plugin's manifest declares ({@code plugin_env:} in
 * gatehouse.yaml), by plugin name then variable name. Only names the manifest declares as
 * non-secret reach the plugin; secrets come from the vault and never from here.
 *
 * <pre>
 * plugin_env:
 *   acme-crm:
 *     ACME_CRM_BASE_URL: https://crm.example.com
 * </pre>
 */
public record PluginEnvConfig(Map<String, Map<String, String>> values) {

    public static final ConfigSection<PluginEnvConfig> SECTION =
            new ConfigSection<>("plugin_env", PluginEnvConfig.class, PluginEnvConfig::read);

    private static final Pattern NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");
    private static final int MAX_VALUE_CHARS = 4096;

    public PluginEnvConfig {
        var copy = new HashMap<String, Map<String, String>>();
        values.forEach((plugin, env) -> copy.put(plugin, Map.copyOf(env)));
        values = Map.copyOf(copy);
    }

    /** The configured values for one plugin; none when the operator set none. */
    Map<String, String> of(String plugin) {
        return values.getOrDefault(plugin, Map.of());
    }

    static PluginEnvConfig read(Optional<ConfigNode> node) {
        var values = new HashMap<String, Map<String, String>>();
        node.flatMap(ConfigNode::asMap).ifPresent(plugins -> plugins.entries()
                .forEach(p -> p.value().asMap().ifPresent(env -> {
                    var one = new HashMap<String, String>();
                    env.entries().forEach(e -> {
                        if (!NAME.matcher(e.key()).matches()) {
                            e.keyNode().problem("env names match [A-Z_][A-Z0-9_]*");
                            return;
                        }
                        e.value().asString().ifPresent(v -> {
                            if (v.length() > MAX_VALUE_CHARS || v.indexOf('\0') >= 0) {
                                e.value()
                                        .problem("an env value is at most " + MAX_VALUE_CHARS
                                                + " characters and holds no NUL");
                            } else {
                                one.put(e.key(), v);
                            }
                        });
                    });
                    values.put(p.key(), one);
                })));
        return new PluginEnvConfig(values);
    }
}

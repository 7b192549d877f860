package dev.gatehouse.config;

import dev.gatehouse.api.trust.TrustLevel;
import java.util.List;
import java.util.Optional;

/**
 * The operator's rules for which plugins may be installed ({@code plugins:} in gatehouse.yaml).
 *
 * @param allowlist when non-empty, only these plugin names may be installed, and only with the
 *     listed package and publisher
 */
public record PluginPolicy(
        boolean requireSigned,
        TrustLevel minimumTrustLevel,
        List<AllowedPlugin> allowlist,
        PluginLimits maxima,
        PluginLimits defaults) {

    public PluginPolicy {
        allowlist = List.copyOf(allowlist);
    }

    /** Nothing required beyond the manifest's own validity; the default maxima apply. */
    public static PluginPolicy permissiveDefaults() {
        return new PluginPolicy(
                false, TrustLevel.UNKNOWN, List.of(), PluginLimits.DEFAULT_MAXIMA, PluginLimits.DEFAULT_LIMITS);
    }

    public Optional<AllowedPlugin> allowed(String name) {
        return allowlist.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** One allowlist entry: binds a plugin name to the only package and publisher that may claim it. */
    public record AllowedPlugin(String name, String packageName, String publisher) {}
}

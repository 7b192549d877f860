package dev.gatehouse.policy;

import dev.gatehouse.api.manifest.ScopeHierarchy;
import java.util.Objects;
import java.util.Set;

/**
 * One plugin's contribution to the {@link ScopeGraph}.
 *
 * @param hierarchy the plugin's {@code scopes.hierarchy}
 * @param namespaces the parts before ':' of the scopes its tools require: the only namespaces its
 *     hierarchy may arrange
 */
public record PluginScopes(ScopeHierarchy hierarchy, Set<String> namespaces) {

    public PluginScopes {
        Objects.requireNonNull(hierarchy, "hierarchy");
        namespaces = Set.copyOf(namespaces);
    }
}

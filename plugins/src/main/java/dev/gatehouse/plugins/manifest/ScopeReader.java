package dev.gatehouse.plugins.manifest;

import dev.gatehouse.api.manifest.ScopeHierarchy;
import dev.gatehouse.config.ConfigMap;
import dev.gatehouse.config.ConfigNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.regex.Pattern;

/** Scope syntax, and the {@code scopes.hierarchy} section. */
final class ScopeReader {

    static final Pattern SCOPE = Pattern.compile("[a-z][a-z0-9_-]{0,31}:[a-z][a-z0-9_-]{0,31}");
    static final String RULE = "a scope looks like domain:action, lower case, such as crm:read";

    private ScopeReader() {}

    static Optional<String> scope(ConfigNode node) {
        return Fields.matching(node, "scope", SCOPE, RULE);
    }

    static String namespace(String scope) {
        return scope.substring(0, scope.indexOf(':'));
    }

    /**
     * Reads the hierarchy. A plugin may only arrange scopes of the namespaces its own tools use;
     * otherwise installing it could make a caller's {@code crm:read} imply {@code admin:all}.
     */
    static ScopeHierarchy read(Optional<ConfigMap> section, SortedSet<String> ownNamespaces) {
        if (section.isEmpty()) {
            return ScopeHierarchy.empty();
        }
        section.get().allowOnly("hierarchy");
        var hierarchy = section.get().optionalMap("hierarchy");
        if (hierarchy.isEmpty()) {
            return ScopeHierarchy.empty();
        }
        var implies = new LinkedHashMap<String, List<String>>();
        for (var entry : hierarchy.get().entries()) {
            var key = own(entry.keyNode(), ownNamespaces);
            var granted = new ArrayList<String>();
            entry.value().asList().ifPresent(list -> list.items()
                    .forEach(item -> own(item, ownNamespaces).ifPresent(granted::add)));
            key.ifPresent(k -> implies.putIfAbsent(k, granted));
        }
        return new ScopeHierarchy(implies);
    }

    private static Optional<String> own(ConfigNode node, SortedSet<String> ownNamespaces) {
        return scope(node).filter(scope -> {
            var ns = namespace(scope);
            if (!ownNamespaces.contains(ns)) {
                var own = ownNamespaces.isEmpty()
                        ? "none, as no tool requires a scope"
                        : String.join(", ", ownNamespaces);
                node.problem("a plugin's scope hierarchy may only mention its own namespaces (" + own + "); "
                        + ConfigNode.quote(ns) + " is not one");
                return false;
            }
            return true;
        });
    }
}

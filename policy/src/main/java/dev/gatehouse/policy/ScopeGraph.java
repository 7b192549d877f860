package dev.gatehouse.policy;

import dev.gatehouse.api.manifest.ScopeHierarchy;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scope hierarchy of the operator and of every enabled plugin, compiled into its transitive
 * closure so that a check is a handful of hash lookups.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>The operator's hierarchy may arrange any scope, including granting {@code admin}.
 *   <li>{@code admin} implies every scope. It is a wildcard checked for by {@link #grants}, not a
 *       list, so scopes of plugins installed later are covered too.
 *   <li>A plugin's hierarchy may only mention scopes of its own namespaces, never {@code admin},
 *       and never a namespace another plugin's hierarchy also arranges: a plugin can never grant
 *       itself or anyone else scopes that belong to another plugin.
 *   <li>Cycles are allowed; every scope on a cycle implies the others.
 * </ul>
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class ScopeGraph {

    private static final ScopeGraph EMPTY = new ScopeGraph(Map.of());

    /** Every scope that implies something, mapped to all it implies, itself included. */
    private final Map<String, Set<String>> closure;

    /**
     * {@link #expand} results by held set. The graph never changes, so an entry never goes stale;
     * callers hold few distinct scope sets (one per key or token shape), and past {@value
     * #EXPANSIONS_KEPT} of them the memo starts over rather than grow.
     */
    private final Map<Set<String>, Set<String>> expansions = new ConcurrentHashMap<>();

    static final int EXPANSIONS_KEPT = 1024;

    private ScopeGraph(Map<String, Set<String>> closure) {
        this.closure = closure;
    }

    /** A graph without any hierarchy: a held scope grants only itself ({@code admin} still grants all). */
    public static ScopeGraph empty() {
        return EMPTY;
    }

    /**
     * Checks and combines the hierarchies.
     *
     * @param plugins by plugin name; the enabled plugins only
     * @throws ScopeHierarchyException naming the plugin and the first offending scope, when a
     *     plugin's hierarchy oversteps its namespaces or a scope is malformed
     */
    public static ScopeGraph compile(ScopeHierarchy operator, Map<String, PluginScopes> plugins) {
        Objects.requireNonNull(operator, "operator");
        var edges = new HashMap<String, Set<String>>();
        operator.implies().forEach((key, implied) -> {
            checkOperatorScope(key);
            implied.forEach(ScopeGraph::checkOperatorScope);
            edges.computeIfAbsent(key, k -> new HashSet<>()).addAll(implied);
        });
        // Sorted, so that when two plugins contest a namespace the same one is always blamed.
        var arrangedBy = new HashMap<String, String>();
        for (var plugin : new TreeMap<>(plugins).entrySet()) {
            var name = plugin.getKey();
            var own = plugin.getValue().namespaces();
            plugin.getValue().hierarchy().implies().forEach((key, implied) -> {
                checkPluginScope(name, own, arrangedBy, key);
                implied.forEach(scope -> checkPluginScope(name, own, arrangedBy, scope));
                edges.computeIfAbsent(key, k -> new HashSet<>()).addAll(implied);
            });
        }
        return new ScopeGraph(close(edges));
    }

    private static void checkOperatorScope(String scope) {
        if (!Scopes.isValid(scope)) {
            throw new ScopeHierarchyException(
                    Optional.empty(), scope, ScopeHierarchyException.Reason.MALFORMED_SCOPE, "is not a scope");
        }
    }

    private static void checkPluginScope(String plugin, Set<String> own, Map<String, String> arrangedBy, String scope) {
        var where = Optional.of(plugin);
        if (Scopes.ADMIN.equals(scope)) {
            throw new ScopeHierarchyException(
                    where,
                    scope,
                    ScopeHierarchyException.Reason.ADMIN,
                    "may only be granted by the operator's hierarchy");
        }
        if (!Scopes.isNamespaced(scope)) {
            throw new ScopeHierarchyException(
                    where, scope, ScopeHierarchyException.Reason.MALFORMED_SCOPE, "is not a scope");
        }
        var namespace = Scopes.namespace(scope);
        if (!own.contains(namespace)) {
            throw new ScopeHierarchyException(
                    where,
                    scope,
                    ScopeHierarchyException.Reason.FOREIGN_NAMESPACE,
                    "is outside the plugin's own namespaces " + new java.util.TreeSet<>(own));
        }
        var first = arrangedBy.putIfAbsent(namespace, plugin);
        if (first != null && !first.equals(plugin)) {
            throw new ScopeHierarchyException(
                    where,
                    scope,
                    ScopeHierarchyException.Reason.CONTESTED_NAMESPACE,
                    "is in a namespace that plugin '" + first + "' also arranges");
        }
    }

    /** Reachability from every key by a walk of the graph; cycles end where a scope was seen. */
    private static Map<String, Set<String>> close(Map<String, Set<String>> edges) {
        var result = new HashMap<String, Set<String>>();
        for (var start : edges.keySet()) {
            var seen = new HashSet<String>();
            var todo = new ArrayDeque<String>();
            todo.add(start);
            while (!todo.isEmpty()) {
                var scope = todo.poll();
                if (seen.add(scope)) {
                    todo.addAll(edges.getOrDefault(scope, Set.of()));
                }
            }
            result.put(start, Set.copyOf(seen));
        }
        return Map.copyOf(result);
    }

    /**
     * Everything {@code held} implies, {@code held} included. When the result contains {@code
     * admin}, it stands for every scope.
     */
    public Set<String> expand(Set<String> held) {
        if (held.isEmpty()) {
            return Set.of();
        }
        var known = expansions.get(held);
        if (known != null) {
            return known;
        }
        var expanded = walk(held);
        if (expansions.size() >= EXPANSIONS_KEPT) {
            expansions.clear();
        }
        // Keyed by a copy: the caller's set may be mutable, a key must not change.
        expansions.put(Set.copyOf(held), expanded);
        return expanded;
    }

    /** How many expansions are memoised; never more than {@value #EXPANSIONS_KEPT}. */
    int expansionsKept() {
        return expansions.size();
    }

    private Set<String> walk(Set<String> held) {
        var result = new HashSet<String>(held);
        for (var scope : held) {
            var implied = closure.get(scope);
            if (implied != null) {
                result.addAll(implied);
            }
        }
        return Set.copyOf(result);
    }

    /**
     * Whether {@code held} grants every scope in {@code required}. Fails closed: an empty {@code
     * held} grants nothing, an empty {@code required} is not granted (a tool must require
     * something), and a required value that is not a scope is never granted, not even to {@code
     * admin}.
     */
    public boolean grants(Set<String> held, Collection<String> required) {
        if (held.isEmpty() || required.isEmpty()) {
            return false;
        }
        boolean admin = implies(held, Scopes.ADMIN);
        for (var scope : required) {
            if (scope == null || !Scopes.isValid(scope)) {
                return false;
            }
            if (!admin && !implies(held, scope)) {
                return false;
            }
        }
        return true;
    }

    private boolean implies(Set<String> held, String scope) {
        if (held.contains(scope)) {
            return true;
        }
        for (var h : held) {
            var implied = closure.get(h);
            if (implied != null && implied.contains(scope)) {
                return true;
            }
        }
        return false;
    }
}

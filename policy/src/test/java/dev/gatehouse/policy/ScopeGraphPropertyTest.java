package dev.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.api.manifest.ScopeHierarchy;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

class ScopeGraphPropertyTest {

    static final List<String> NAMESPACES = List.of("crm", "files", "mail", "ops", "db");
    static final List<String> ACTIONS = List.of("read", "write", "admin", "delete");

    /** A random operator hierarchy and a random set of held scopes. */
    record Case(ScopeHierarchy operator, Set<String> held, Set<String> more) {}

    /** Plugins whose hierarchies may or may not stay in their lanes. */
    record PluginCase(ScopeHierarchy operator, Map<String, PluginScopes> plugins, Set<String> held) {}

    @Property(tries = 500)
    void theClosureContainsWhatIsHeldIsIdempotentAndMonotone(@ForAll("cases") Case c) {
        var graph = ScopeGraph.compile(c.operator(), Map.of());
        var expanded = graph.expand(c.held());

        assertThat(expanded).containsAll(c.held());
        assertThat(graph.expand(expanded)).isEqualTo(expanded);
        var union = new HashSet<>(c.held());
        union.addAll(c.more());
        assertThat(graph.expand(union)).containsAll(expanded);
    }

    @Property(tries = 500)
    void grantsAgreesWithTheClosure(@ForAll("cases") Case c, @ForAll("scopes") String required) {
        var graph = ScopeGraph.compile(c.operator(), Map.of());
        var expanded = graph.expand(c.held());
        boolean expected = !c.held().isEmpty() && (expanded.contains("admin") || expanded.contains(required));

        assertThat(graph.grants(c.held(), List.of(required))).isEqualTo(expected);
    }

    @Property(tries = 500)
    void adminGrantsAnyValidScope(@ForAll("cases") Case c, @ForAll("anyValidScope") String required) {
        var graph = ScopeGraph.compile(c.operator(), Map.of());
        var held = new HashSet<>(c.held());
        held.add("admin");

        assertThat(graph.grants(held, List.of(required))).isTrue();
    }

    /**
     * Whatever hierarchies plugins declare, either the graph refuses them, or every scope the
     * closure adds beyond the operator's own doing lies in the namespaces of a plugin that already
     * owned a scope of the expansion: no plugin opens anything outside its lane.
     */
    @Property(tries = 1000)
    void pluginHierarchiesNeverGrantOutsideTheirOwnNamespaces(@ForAll("pluginCases") PluginCase c) {
        ScopeGraph graph;
        try {
            graph = ScopeGraph.compile(c.operator(), c.plugins());
        } catch (ScopeHierarchyException refused) {
            Statistics.label("graph").collect("refused");
            assertThat(c.plugins()).containsKey(refused.plugin().orElseThrow());
            return;
        }
        var operatorImplied = new HashSet<String>();
        c.operator().implies().values().forEach(operatorImplied::addAll);
        var expanded = graph.expand(c.held());
        Statistics.label("graph").collect(expanded.size() > c.held().size() ? "compiled, expands" : "compiled");
        var roots = new HashSet<String>(c.held());
        expanded.stream().filter(operatorImplied::contains).forEach(roots::add);
        for (var scope : expanded) {
            if (roots.contains(scope)) {
                continue;
            }
            assertThat(scope).as("only the operator grants admin").isNotEqualTo("admin");
            var namespace = Scopes.namespace(scope);
            var arrangers = c.plugins().values().stream()
                    .filter(p -> p.namespaces().contains(namespace) && mentions(p.hierarchy(), namespace))
                    .toList();
            assertThat(arrangers).as("plugins arranging %s", namespace).hasSize(1);
            var lane = arrangers.getFirst().namespaces();
            assertThat(roots.stream().filter(r -> r.contains(":") && lane.contains(Scopes.namespace(r))))
                    .as("%s is reached from a root in the plugin's own namespaces", scope)
                    .isNotEmpty();
        }
    }

    static boolean mentions(ScopeHierarchy hierarchy, String namespace) {
        return hierarchy.implies().entrySet().stream()
                .flatMap(e ->
                        java.util.stream.Stream.concat(java.util.stream.Stream.of(e.getKey()), e.getValue().stream()))
                .anyMatch(s -> s.startsWith(namespace + ":"));
    }

    @Provide
    Arbitrary<String> scopes() {
        return Combinators.combine(Arbitraries.of(NAMESPACES), Arbitraries.of(ACTIONS))
                .as((n, a) -> n + ":" + a);
    }

    @Provide
    Arbitrary<String> anyValidScope() {
        var part = Combinators.combine(
                        Arbitraries.chars().range('a', 'z'),
                        Arbitraries.strings()
                                .withCharRange('a', 'z')
                                .withCharRange('0', '9')
                                .withChars('_', '-')
                                .ofMaxLength(31))
                .as((first, rest) -> first + rest);
        return Combinators.combine(part, part).as((n, a) -> n + ":" + a);
    }

    Arbitrary<String> operatorScopes() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, scopes()), net.jqwik.api.Tuple.of(1, Arbitraries.just("admin")));
    }

    Arbitrary<ScopeHierarchy> hierarchies(Arbitrary<String> scopes) {
        return Arbitraries.maps(scopes, scopes.list().ofMaxSize(4)).ofMaxSize(8).map(ScopeHierarchy::new);
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(
                        hierarchies(operatorScopes()),
                        scopes().set().ofMaxSize(4),
                        scopes().set().ofMaxSize(4))
                .as(Case::new);
    }

    @Provide
    Arbitrary<PluginCase> pluginCases() {
        // Mostly well-behaved plugins, so the closure is exercised, with some hostile ones mixed in.
        Arbitrary<PluginScopes> plugin = Combinators.combine(
                        hierarchies(Arbitraries.frequencyOf(
                                net.jqwik.api.Tuple.of(30, scopes()),
                                net.jqwik.api.Tuple.of(1, Arbitraries.just("admin")))),
                        Arbitraries.of(NAMESPACES).set().ofMinSize(1).ofMaxSize(3))
                .as(PluginScopes::new);
        Arbitrary<Map<String, PluginScopes>> plugins = Arbitraries.maps(Arbitraries.of("p1", "p2", "p3", "p4"), plugin)
                .ofMaxSize(4)
                .map(PluginCasesFilter::laneBiased);
        return Combinators.combine(
                        hierarchies(scopes()),
                        plugins,
                        scopes().set().ofMinSize(1).ofMaxSize(4))
                .as(PluginCase::new);
    }

    /** Drops most foreign scopes so that well-formed graphs, not just refusals, are tested. */
    static final class PluginCasesFilter {
        static Map<String, PluginScopes> laneBiased(Map<String, PluginScopes> plugins) {
            var result = new HashMap<String, PluginScopes>();
            plugins.forEach((name, p) -> {
                if (name.equals("p4")) {
                    result.put(name, p); // left as generated: likely hostile
                    return;
                }
                var inLane = new HashMap<String, List<String>>();
                p.hierarchy().implies().forEach((k, v) -> {
                    if (k.contains(":") && p.namespaces().contains(Scopes.namespace(k))) {
                        inLane.put(
                                k,
                                v.stream()
                                        .filter(s -> s.contains(":")
                                                && p.namespaces().contains(Scopes.namespace(s)))
                                        .toList());
                    }
                });
                result.put(name, new PluginScopes(new ScopeHierarchy(inLane), p.namespaces()));
            });
            return result;
        }
    }
}

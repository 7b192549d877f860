package dev.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.api.manifest.ScopeHierarchy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopeGraphTest {

    static ScopeHierarchy hierarchy(Map<String, List<String>> implies) {
        return new ScopeHierarchy(implies);
    }

    static PluginScopes plugin(Map<String, List<String>> implies, String... namespaces) {
        return new PluginScopes(hierarchy(implies), Set.of(namespaces));
    }

    @Test
    void aHeldScopeGrantsWhatItImpliesTransitively() {
        var graph = ScopeGraph.compile(
                hierarchy(Map.of("files:admin", List.of("files:write"), "files:write", List.of("files:read"))),
                Map.of());

        assertThat(graph.grants(Set.of("files:admin"), List.of("files:read"))).isTrue();
        assertThat(graph.grants(Set.of("files:admin"), List.of("files:read", "files:write")))
                .isTrue();
        assertThat(graph.expand(Set.of("files:admin")))
                .containsExactlyInAnyOrder("files:admin", "files:write", "files:read");
    }

    @Test
    void aMemoisedExpansionIsKeyedByContentSoChangingTheCallersSetLaterChangesNothing() {
        var graph = ScopeGraph.compile(
                hierarchy(Map.of("files:admin", List.of("files:write"), "files:write", List.of("files:read"))),
                Map.of());
        var held = new java.util.HashSet<>(Set.of("files:read"));

        assertThat(graph.expand(held)).containsExactly("files:read");
        held.add("files:admin");

        assertThat(graph.expand(held)).containsExactlyInAnyOrder("files:admin", "files:write", "files:read");
        assertThat(graph.expand(Set.of("files:read"))).containsExactly("files:read");
    }

    @Test
    void theExpansionMemoStaysBoundedAndKeepsAnsweringCorrectly() {
        var graph = ScopeGraph.compile(hierarchy(Map.of("files:write", List.of("files:read"))), Map.of());

        for (int i = 0; i < 3 * ScopeGraph.EXPANSIONS_KEPT; i++) {
            var held = Set.of("files:write", "other:s" + i);

            assertThat(graph.expand(held)).containsExactlyInAnyOrder("files:write", "files:read", "other:s" + i);
            assertThat(graph.expansionsKept()).isLessThanOrEqualTo(ScopeGraph.EXPANSIONS_KEPT);
        }
        assertThat(graph.expand(Set.of("files:write"))).containsExactlyInAnyOrder("files:write", "files:read");
    }

    @Test
    void impliedScopesDoNotFlowUpwards() {
        var graph = ScopeGraph.compile(hierarchy(Map.of("files:write", List.of("files:read"))), Map.of());

        assertThat(graph.grants(Set.of("files:read"), List.of("files:write"))).isFalse();
        assertThat(graph.expand(Set.of("files:read"))).containsExactly("files:read");
    }

    @Test
    void everyRequiredScopeMustBeGranted() {
        var graph = ScopeGraph.compile(hierarchy(Map.of("files:write", List.of("files:read"))), Map.of());

        assertThat(graph.grants(Set.of("files:write"), List.of("files:read", "crm:read")))
                .isFalse();
        assertThat(graph.grants(Set.of("files:write", "crm:read"), List.of("files:read", "crm:read")))
                .isTrue();
    }

    @Test
    void cyclesMakeEveryScopeOnTheCycleImplyTheOthers() {
        var graph = ScopeGraph.compile(
                hierarchy(Map.of(
                        "a:one", List.of("a:two"),
                        "a:two", List.of("a:three"),
                        "a:three", List.of("a:one"))),
                Map.of());

        assertThat(graph.expand(Set.of("a:two"))).containsExactlyInAnyOrder("a:one", "a:two", "a:three");
        assertThat(graph.grants(Set.of("a:three"), List.of("a:one", "a:two"))).isTrue();
    }

    @Test
    void nothingHeldGrantsNothingAndNothingRequiredIsNeverGranted() {
        var graph = ScopeGraph.empty();

        assertThat(graph.grants(Set.of(), List.of("files:read"))).isFalse();
        assertThat(graph.grants(Set.of("admin"), List.of())).isFalse();
        assertThat(graph.grants(Set.of("files:read"), List.of())).isFalse();
        assertThat(graph.expand(Set.of())).isEmpty();
    }

    @Test
    void adminGrantsEveryScopeIncludingOnesNoHierarchyMentions() {
        var graph = ScopeGraph.empty();

        assertThat(graph.grants(Set.of("admin"), List.of("files:read", "crm:delete", "later-plugin:x")))
                .isTrue();
        assertThat(graph.grants(Set.of("admin"), List.of("admin"))).isTrue();
    }

    @Test
    void aRequiredValueThatIsNotAScopeIsNeverGranted() {
        var graph = ScopeGraph.empty();

        assertThat(graph.grants(Set.of("admin"), List.of("files:read", "*"))).isFalse();
        assertThat(graph.grants(Set.of("FILES:READ"), List.of("FILES:READ"))).isFalse();
        assertThat(graph.grants(Set.of("files:"), List.of("files:"))).isFalse();
    }

    @Test
    void theOperatorMayGrantAdminThroughTheHierarchy() {
        var graph = ScopeGraph.compile(hierarchy(Map.of("ops:root", List.of("admin"))), Map.of());

        assertThat(graph.grants(Set.of("ops:root"), List.of("crm:delete"))).isTrue();
        assertThat(graph.expand(Set.of("ops:root"))).contains("admin");
        assertThat(graph.grants(Set.of("ops:read"), List.of("crm:delete"))).isFalse();
    }

    @Test
    void aPluginArrangesItsOwnNamespaces() {
        var graph = ScopeGraph.compile(
                ScopeHierarchy.empty(),
                Map.of("crm", plugin(Map.of("crm:admin", List.of("crm:write", "crm:read")), "crm")));

        assertThat(graph.grants(Set.of("crm:admin"), List.of("crm:read"))).isTrue();
    }

    @Test
    void operatorAndPluginHierarchiesChain() {
        var graph = ScopeGraph.compile(
                hierarchy(Map.of("staff:all", List.of("crm:admin"))),
                Map.of("crm", plugin(Map.of("crm:admin", List.of("crm:read")), "crm")));

        assertThat(graph.grants(Set.of("staff:all"), List.of("crm:read"))).isTrue();
    }

    @Test
    void aPluginTryingToGrantAdminIsRefused() {
        assertThatThrownBy(() -> ScopeGraph.compile(
                        ScopeHierarchy.empty(), Map.of("crm", plugin(Map.of("crm:read", List.of("admin")), "crm"))))
                .isInstanceOfSatisfying(ScopeHierarchyException.class, e -> {
                    assertThat(e.plugin()).contains("crm");
                    assertThat(e.scope()).isEqualTo("admin");
                    assertThat(e.reason()).isEqualTo(ScopeHierarchyException.Reason.ADMIN);
                    assertThat(e.getMessage()).contains("'crm'").contains("'admin'");
                });
    }

    @Test
    void aPluginTryingToGrantFilesAdminWhenItOwnsOnlyCrmIsRefused() {
        assertThatThrownBy(() -> ScopeGraph.compile(
                        ScopeHierarchy.empty(),
                        Map.of("crm", plugin(Map.of("crm:read", List.of("files:admin")), "crm"))))
                .isInstanceOfSatisfying(ScopeHierarchyException.class, e -> {
                    assertThat(e.plugin()).contains("crm");
                    assertThat(e.scope()).isEqualTo("files:admin");
                    assertThat(e.reason()).isEqualTo(ScopeHierarchyException.Reason.FOREIGN_NAMESPACE);
                    assertThat(e.getMessage()).contains("'files:admin'");
                });
    }

    @Test
    void aPluginCannotMakeAnotherPluginsScopeImplyItsOwn() {
        // Holding files:read would then open crm; still a foreign namespace, refused.
        assertThatThrownBy(() -> ScopeGraph.compile(
                        ScopeHierarchy.empty(),
                        Map.of("crm", plugin(Map.of("files:read", List.of("crm:admin")), "crm"))))
                .isInstanceOfSatisfying(ScopeHierarchyException.class, e -> assertThat(e.scope())
                        .isEqualTo("files:read"));
    }

    @Test
    void twoPluginsArrangingTheSameNamespaceAreRefused() {
        // Both use files: scopes in their tools; only one may arrange the namespace.
        var plugins = Map.of(
                "files", plugin(Map.of("files:write", List.of("files:read")), "files"),
                "sneaky", plugin(Map.of("files:read", List.of("files:admin")), "files", "sneaky"));

        assertThatThrownBy(() -> ScopeGraph.compile(ScopeHierarchy.empty(), plugins))
                .isInstanceOfSatisfying(ScopeHierarchyException.class, e -> {
                    assertThat(e.plugin()).contains("sneaky");
                    assertThat(e.reason()).isEqualTo(ScopeHierarchyException.Reason.CONTESTED_NAMESPACE);
                    assertThat(e.getMessage()).contains("'files'");
                });
    }

    @Test
    void twoPluginsUsingTheSameNamespaceWithoutArrangingItAreFine() {
        var plugins = Map.of(
                "files", plugin(Map.of("files:write", List.of("files:read")), "files"),
                "backup", plugin(Map.of(), "files"));

        assertThat(ScopeGraph.compile(ScopeHierarchy.empty(), plugins)
                        .grants(Set.of("files:write"), List.of("files:read")))
                .isTrue();
    }

    @Test
    void malformedScopesAreRefusedFromPluginsAndTheOperator() {
        assertThatThrownBy(() -> ScopeGraph.compile(
                        ScopeHierarchy.empty(), Map.of("crm", plugin(Map.of("crm:read", List.of("crm:*")), "crm"))))
                .isInstanceOfSatisfying(ScopeHierarchyException.class, e -> assertThat(e.reason())
                        .isEqualTo(ScopeHierarchyException.Reason.MALFORMED_SCOPE));
        assertThatThrownBy(() -> ScopeGraph.compile(hierarchy(Map.of("ops", List.of("crm:read"))), Map.of()))
                .isInstanceOfSatisfying(ScopeHierarchyException.class, e -> {
                    assertThat(e.plugin()).isEqualTo(Optional.empty());
                    assertThat(e.getMessage()).contains("operator");
                });
    }

    @Test
    void aHostileScopeInAMessageCannotForgeALine() {
        assertThatThrownBy(() -> ScopeGraph.compile(
                        ScopeHierarchy.empty(),
                        Map.of("crm", plugin(Map.of("crm:read", List.of("x\nINFO all good")), "crm"))))
                .isInstanceOfSatisfying(ScopeHierarchyException.class, e -> assertThat(e.getMessage())
                        .doesNotContain("\n"));
    }
}

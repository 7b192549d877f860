package dev.gatehouse.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module graph of DESIGN section 2 (drawn in docs/ARCHITECTURE.md). A module's classes live in
 * {@code dev.gatehouse.<module>} and may use only the modules listed for it here. Adding an arrow
 * means changing this table in review, on purpose.
 */
class ModuleGraphTest {

    /** module -> the modules it may depend on (itself always allowed). */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("api", Set.of()),
            Map.entry("config", Set.of("api")),
            // Test fixtures: depended on at test scope only, so no production module lists it.
            Map.entry("testing", Set.of("api")),
            // Custody in three: the vault, redaction (no vault: the PII sanitizer will reuse it), the audit log
            // (which keeps its checkpoint signing key in the vault).
            Map.entry("vault", Set.of("api", "config")),
            Map.entry("redaction", Set.of("api")),
            Map.entry("audit", Set.of("api", "config", "vault")),
            Map.entry("plugins", Set.of("api", "config")),
            Map.entry("storage", Set.of("api", "config")),
            Map.entry("auth", Set.of("api", "config", "storage")),
            // The builtin tier implements the sandbox SPI; the http builtin uses sandbox.egress.
            Map.entry("builtins", Set.of("api", "config", "sandbox")),
            Map.entry("policy", Set.of("api", "config")),
            Map.entry("sanitize", Set.of("api", "config")),
            // Execution never sees the vault: no custody.
            Map.entry("sandbox", Set.of("api", "config")),
            // Reasoning sees only sanitized text and no credentials, plugins or sandboxes.
            Map.entry("reasoning", Set.of("api", "config", "sanitize")),
            Map.entry(
                    "host",
                    Set.of(
                            "api",
                            "config",
                            "vault",
                            "redaction",
                            "audit",
                            "plugins",
                            "storage",
                            "auth",
                            "policy",
                            "builtins",
                            "sanitize",
                            "sandbox",
                            "reasoning")),
            // The server sees only the Gateway contract in api: it cannot bypass the pipeline.
            Map.entry("server", Set.of("api", "config")),
            // Benchmarks drive the host and server as an embedding program would.
            Map.entry(
                    "bench",
                    Set.of(
                            "api",
                            "config",
                            "vault",
                            "redaction",
                            "audit",
                            "storage",
                            "auth",
                            "builtins",
                            "sandbox",
                            "host",
                            "server")),
            Map.entry(
                    "cli",
                    Set.of(
                            "api",
                            "config",
                            "vault",
                            "redaction",
                            "audit",
                            "plugins",
                            "storage",
                            "auth",
                            "host",
                            "server")));

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = production();
    }

    /** Every production class of every module (test classes and fixtures left out). */
    static JavaClasses production() {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.gatehouse");
    }

    @Test
    void everyProductionClassBelongsToAKnownModule() {
        assertThat(classes).isNotEmpty();
        var strays = new TreeSet<String>();
        for (JavaClass c : classes) {
            if (!ALLOWED.containsKey(moduleOf(c.getPackageName()))) {
                strays.add(c.getName());
            }
        }
        assertThat(strays).as("classes outside the modules of DESIGN section 2").isEmpty();
    }

    @Test
    void modulesDependOnlyOnTheModulesTheGraphAllows() {
        assertThat(violations(classes)).as("arrows not in the module graph").isEmpty();
    }

    @Test
    void anArrowTheGraphDoesNotListIsCaught() {
        // A test class in dev.gatehouse.plugins that reaches into the CLI: the check must see it.
        var fixture = new ClassFileImporter().importClasses(dev.gatehouse.plugins.archfixture.ReachesIntoCli.class);
        assertThat(violations(fixture)).singleElement().asString().startsWith("plugins -> cli");
    }

    static Set<String> violations(JavaClasses classes) {
        var violations = new TreeSet<String>();
        for (JavaClass c : classes) {
            var from = moduleOf(c.getPackageName());
            var allowed = ALLOWED.getOrDefault(from, Set.of());
            c.getDirectDependenciesFromSelf().forEach(d -> {
                var target = d.getTargetClass().getPackageName();
                if (!target.startsWith("dev.gatehouse.")) {
                    return;
                }
                var to = moduleOf(target);
                if (!to.equals(from) && !allowed.contains(to)) {
                    violations.add(from + " -> " + to + ": " + d.getDescription());
                }
            });
        }
        return violations;
    }

    @Test
    void theGraphHasNoCycles() {
        for (var module : ALLOWED.keySet()) {
            assertThat(reachable(module, new TreeSet<>()))
                    .as("modules reachable from " + module)
                    .doesNotContain(module);
        }
    }

    private static Set<String> reachable(String module, Set<String> seen) {
        for (var next : ALLOWED.get(module)) {
            if (seen.add(next)) {
                reachable(next, seen);
            }
        }
        return seen;
    }

    static String moduleOf(String packageName) {
        var rest = packageName.startsWith("dev.gatehouse.") ? packageName.substring("dev.gatehouse.".length()) : "";
        var dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}

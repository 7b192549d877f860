package dev.gatehouse.host;

import dev.gatehouse.api.audit.AuditSink;
import dev.gatehouse.builtins.Builtins;
import dev.gatehouse.builtins.BuiltinsConfig;
import dev.gatehouse.config.GatehouseHome;
import dev.gatehouse.config.OperatorConfig;
import dev.gatehouse.plugins.lifecycle.InstalledVersion;
import dev.gatehouse.plugins.lifecycle.PluginLifecycle;
import dev.gatehouse.plugins.manifest.ManifestParser;
import dev.gatehouse.plugins.trust.TrustStore;
import dev.gatehouse.policy.ScopeConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Every scope this home gives meaning to: {@code admin}, the operator's hierarchy, and what the
 * installed plugins (active and pending versions) and the bundled builtins require or imply. A key
 * made with any other scope could never call anything; {@code keys create} refuses it and
 * suggests the nearest of these.
 */
public final class KnownScopes {

    /** Reading records nothing; should anything here try, it is a bug to hear about. */
    private static final AuditSink READ_ONLY = event -> {
        throw new IllegalStateException("listing known scopes records no events");
    };

    private KnownScopes() {}

    public static SortedSet<String> of(GatehouseHome home, OperatorConfig config, Clock clock) {
        var known = new TreeSet<String>();
        known.add("admin");
        config.section(ScopeConfig.SECTION).hierarchy().implies().forEach((from, tos) -> {
            known.add(from);
            known.addAll(tos);
        });
        var lifecycle =
                new PluginLifecycle(home, config, new TrustStore(home.trust(), clock), READ_ONLY, clock, "system:host");
        for (var record : lifecycle.list()) {
            add(known, record.active());
            record.pending().ifPresent(p -> add(known, p));
        }
        var workspace = config.section(WorkspaceConfig.SECTION).resolve(home.root());
        var parser = new ManifestParser(config.plugins().maxima());
        for (var builtin :
                Builtins.all(config.section(BuiltinsConfig.SECTION), Optional.of(workspace), clock, READ_ONLY)) {
            var manifest =
                    parser.parse("plugin.yaml", builtin.manifestYaml().getBytes(StandardCharsets.UTF_8), home.root());
            manifest.tools().forEach(t -> known.addAll(t.requiredScopes()));
            manifest.scopes().implies().forEach((from, tos) -> {
                known.add(from);
                known.addAll(tos);
            });
        }
        return known;
    }

    /** A capability set lists scopes, and hierarchy edges as {@code from -> to}. */
    private static void add(SortedSet<String> known, InstalledVersion version) {
        for (var scope : version.capabilities().scopes()) {
            var edge = scope.indexOf(" -> ");
            if (edge < 0) {
                known.add(scope);
            } else {
                known.add(scope.substring(0, edge));
                known.add(scope.substring(edge + 4));
            }
        }
    }
}

package dev.gatehouse.host;

import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.audit.AuditSink;
import dev.gatehouse.auth.SqliteApiKeyStore;
import dev.gatehouse.builtins.Builtins;
import dev.gatehouse.builtins.BuiltinsConfig;
import dev.gatehouse.config.GatehouseHome;
import dev.gatehouse.config.OperatorConfig;
import dev.gatehouse.plugins.lifecycle.PluginLifecycle;
import dev.gatehouse.plugins.trust.TrustStore;
import dev.gatehouse.storage.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Makes a new home usable: the home directory (0700), a commented gatehouse.yaml, the embedded
 * database, the bundled builtin plugins installed and enabled, and one admin API key. Runs only
 * when the home has no database yet; later starts do nothing here.
 */
public final class FirstRun {

    static final String PRINCIPAL = "system:first-run";

    private FirstRun() {}

    /**
     * @param adminKey the admin API key, created now and shown once; empty on later runs
     */
    public record Result(boolean firstRun, Optional<String> adminKey) {}

    public static Result ensure(GatehouseHome home, AuditSink audit, Clock clock) {
        var database = home.root().resolve("data").resolve("gatehouse.db");
        if (Files.exists(database)) {
            return new Result(false, Optional.empty());
        }
        try {
            Files.createDirectories(home.root());
            Files.setPosixFilePermissions(home.root(), PosixFilePermissions.fromString("rwx------"));
            if (!Files.exists(home.configFile())) {
                Files.writeString(home.configFile(), DefaultConfig.text(home), StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(home.configFile(), PosixFilePermissions.fromString("rw-------"));
            }
            Files.createDirectories(WorkspaceConfig.SECTION.defaults().resolve(home.root()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + home.root(), e);
        }
        installBuiltins(home, audit, clock);
        try (var db = Database.open(database)) {
            var created = new SqliteApiKeyStore(db, clock, new SecureRandom()).create("admin", Set.of("admin"), Optional.empty());
            audit.record(new AuditEvent(
                    clock.instant(), "keys.created", PRINCIPAL, Map.of("name", "admin", "scopes", java.util.List.of("admin"))));
            return new Result(true, Optional.of(created.key()));
        }
    }

    private static void installBuiltins(GatehouseHome home, AuditSink audit, Clock clock) {
        var lifecycle = new PluginLifecycle(
                home, OperatorConfig.defaults(), new TrustStore(home.trust(), clock), audit, clock, PRINCIPAL);
        for (var builtin : Builtins.all(BuiltinsConfig.SECTION.defaults(), clock)) {
            if (lifecycle.list().stream().anyMatch(r -> r.name().equals(builtin.pluginName()))) {
                continue;
            }
            var tree = BuiltinExecutor.writeTree(
                    builtin, home.staging().resolve("bundled-" + builtin.pluginName() + "-" + ProcessHandle.current().pid()));
            try (var prepared = lifecycle.prepare(tree.toString(), step -> {})) {
                lifecycle.install(prepared);
            } finally {
                deleteTree(tree);
            }
            lifecycle.enable(lifecycle.proposeEnable(builtin.pluginName()), "first-run");
        }
    }

    private static void deleteTree(java.nio.file.Path tree) {
        try {
            Files.deleteIfExists(tree.resolve("plugin.yaml"));
            Files.deleteIfExists(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

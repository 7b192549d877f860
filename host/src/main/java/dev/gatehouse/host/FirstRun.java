package dev.gatehouse.host;

import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.audit.AuditSink;
import dev.gatehouse.auth.ApiKeyStore;
import dev.gatehouse.config.GatehouseHome;
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
 * database and one admin API key. Runs only when the home has no database yet; later starts do
 * nothing here. (The host installs and enables the bundled builtins when it opens.)
 */
public final class FirstRun {

    static final String PRINCIPAL = "system:first-run";

    private FirstRun() {}

    /**
     * @param adminKey the admin API key, created now and shown once; empty on later runs
     */
    public record Result(boolean firstRun, Optional<String> adminKey) {}

    /** Whether the home has its database, so a first run has happened (or keys were created). */
    public static boolean done(GatehouseHome home) {
        return Files.exists(home.database());
    }

    /**
     * The first half of a first run, which needs nothing but the file system: the home (0700), a
     * commented gatehouse.yaml and the workspace. Run before the configuration is read, so that a
     * first command of any kind reads the same configuration {@code serve} would.
     */
    public static void prepareHome(GatehouseHome home) {
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
    }

    public static Result ensure(GatehouseHome home, AuditSink audit, Clock clock) {
        if (done(home)) {
            return new Result(false, Optional.empty());
        }
        prepareHome(home);
        try (var db = Database.open(home.database())) {
            var created = ApiKeyStore.sqlite(db, clock, new SecureRandom())
                    .create("admin", Set.of("admin"), Optional.empty());
            audit.record(new AuditEvent(
                    clock.instant(),
                    "keys.created",
                    PRINCIPAL,
                    Map.of("name", "admin", "scopes", java.util.List.of("admin"))));
            return new Result(true, Optional.of(created.key()));
        }
    }
}

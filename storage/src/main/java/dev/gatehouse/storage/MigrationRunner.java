package dev.gatehouse.storage;

import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Brings a database to the newest schema this code knows. Each migration and its row in {@code
 * schema_version} commit together or not at all, so a failure leaves the previous version.
 */
final class MigrationRunner {

    private MigrationRunner() {}

    /** @return the schema version the database is at afterwards */
    static int migrate(Jdbi jdbi, List<Migration> migrations, Clock clock) {
        jdbi.useHandle(h -> h.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                + "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)"));
        int newest = migrations.size();
        int current = jdbi.withHandle(MigrationRunner::currentVersion);
        refuseNewer(current, newest);
        for (var migration : migrations) {
            if (migration.version() <= current) {
                continue;
            }
            int before = current;
            try {
                current = jdbi.inTransaction(h -> apply(h, migration, clock));
            } catch (MigrationException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new MigrationException(
                        before,
                        migration.version(),
                        "migration V" + migration.version() + " (" + migration.name()
                                + ") failed; the database stays at" + " version " + before + ": " + e.getMessage(),
                        e);
            }
        }
        return current;
    }

    private static int apply(Handle h, Migration migration, Clock clock) {
        // Another process may have migrated while this one waited for the write lock: look again
        // inside the transaction, which holds that lock (transactions begin IMMEDIATE).
        int current = currentVersion(h);
        if (current >= migration.version()) {
            return current;
        }
        if (current != migration.version() - 1) {
            throw new MigrationException(
                    current,
                    migration.version(),
                    "schema_version skips from " + current + " to " + migration.version());
        }
        h.createScript(migration.sql()).execute();
        h.createUpdate("INSERT INTO schema_version (version, name, applied_at) VALUES (:v, :n, :t)")
                .bind("v", migration.version())
                .bind("n", migration.name())
                .bind("t", clock.millis())
                .execute();
        return migration.version();
    }

    static int currentVersion(Handle h) {
        return h.createQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")
                .mapTo(Integer.class)
                .one();
    }

    private static void refuseNewer(int current, int newest) {
        if (current > newest) {
            throw new MigrationException(
                    current,
                    newest,
                    "the database schema is at version " + current + ", newer than this Gatehouse knows (" + newest
                            + "); upgrade Gatehouse or restore a backup made with this version");
        }
    }
}

package dev.gatehouse.storage;

/**
 * A schema migration failed or cannot be applied. The database stays at {@link
 * #databaseVersion()}: each migration runs in its own transaction.
 */
public final class MigrationException extends StorageException {

    private final int databaseVersion;
    private final int migrationVersion;

    MigrationException(int databaseVersion, int migrationVersion, String message, Throwable cause) {
        super(message, cause);
        this.databaseVersion = databaseVersion;
        this.migrationVersion = migrationVersion;
    }

    MigrationException(int databaseVersion, int migrationVersion, String message) {
        this(databaseVersion, migrationVersion, message, null);
    }

    /** The schema version the database is at. */
    public int databaseVersion() {
        return databaseVersion;
    }

    /** The migration that failed, or the newest one this code knows when the database is newer. */
    public int migrationVersion() {
        return migrationVersion;
    }
}

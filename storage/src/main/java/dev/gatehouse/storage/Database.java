package dev.gatehouse.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded database: one SQLite file, migrated to the newest schema on open. Modules keep
 * their state behind small interfaces of their own and use {@link #jdbi()} only in the SQLite
 * implementation, so a multi-instance deployment can put the same interfaces on PostgreSQL.
 */
public final class Database implements AutoCloseable {

    /** How long a writer waits for another connection's write lock before giving up. */
    static final int BUSY_TIMEOUT_MILLIS = 10_000;

    /** Connections kept open: SQLite serialises writers anyway, so a few serve many readers. */
    static final int POOL_SIZE = 4;

    private final Path file;
    private final Jdbi jdbi;
    private final int schemaVersion;
    private final HikariDataSource pool;
    private volatile boolean closed;

    private Database(Path file, Jdbi jdbi, int schemaVersion, HikariDataSource pool) {
        this.pool = pool;
        this.file = file;
        this.jdbi = jdbi;
        this.schemaVersion = schemaVersion;
    }

    /**
     * Opens (creating when absent, mode 0600, its directory 0700) and migrates the database.
     *
     * @throws MigrationException when a migration fails or the database is newer than this code
     * @throws StorageException when the file cannot be created or opened
     */
    public static Database open(Path file) {
        return open(file, Migrations.load(Database.class.getClassLoader(), Migrations.DEFAULT_ROOT), Clock.systemUTC());
    }

    static Database open(Path file, List<Migration> migrations, Clock clock) {
        var path = file.toAbsolutePath().normalize();
        prepareFile(path);
        var pool = pool(dataSource(path));
        try {
            var jdbi = Jdbi.create(pool);
            int version = MigrationRunner.migrate(jdbi, migrations, clock);
            return new Database(path, jdbi, version, pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Opening a SQLite connection (and applying its settings) costs far more than a lookup, and
     * every API-key check is a lookup: keep a few connections open and lend them out.
     */
    private static HikariDataSource pool(SQLiteDataSource sqlite) {
        var config = new HikariConfig();
        config.setDataSource(sqlite);
        config.setPoolName("gatehouse-db");
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        // SQLite has no server to drop idle connections; keep them.
        config.setIdleTimeout(0);
        config.setMaxLifetime(0);
        config.setConnectionTimeout(BUSY_TIMEOUT_MILLIS);
        return new HikariDataSource(config);
    }

    private static SQLiteDataSource dataSource(Path path) {
        var config = new SQLiteConfig();
        // WAL lets readers run beside one writer; IMMEDIATE takes the write lock when a transaction
        // begins, so two writers queue on the busy timeout instead of failing on lock upgrade.
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        var ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + path);
        return ds;
    }

    private static void prepareFile(Path path) {
        boolean posix = path.getFileSystem().supportedFileAttributeViews().contains("posix");
        try {
            var dir = path.getParent();
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(
                            dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            if (!posix) {
                return;
            }
            var ownerOnly = PosixFilePermissions.fromString("rw-------");
            try {
                Files.createFile(path, PosixFilePermissions.asFileAttribute(ownerOnly));
            } catch (FileAlreadyExistsException e) {
                // An existing database is tightened below; SQLite gives its -wal and -shm files the
                // database file's mode.
            }
            Files.setPosixFilePermissions(path, ownerOnly);
        } catch (IOException e) {
            throw new StorageException(
                    "cannot create the database " + path + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** The Jdbi over this database; handles borrow pooled connections with the same settings. */
    public Jdbi jdbi() {
        if (closed) {
            throw new StorageException("the database " + file + " is closed");
        }
        return jdbi;
    }

    /** The schema version after migration. */
    public int schemaVersion() {
        return schemaVersion;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        closed = true;
        pool.close();
    }
}

package dev.gatehouse.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.sqlite.SQLiteConfig;

/**
 * Stored key records held in memory for exactly as long as the database has not changed: not a
 * time window, because a key revoked by another process ({@code gatehouse keys revoke} while
 * {@code serve} runs) must be refused by the very next call.
 *
 * <p>SQLite's {@code PRAGMA data_version}, read twice on one connection, differs when any other
 * connection (another process, or one of our own pooled connections) committed in between. One
 * dedicated read-only connection reads it before every lookup; a change empties the cache. The row
 * is loaded on that same connection under the same lock, so a fill can never slip in after an
 * invalidation it should have seen. Only found rows are kept, and only records (salt, hash, info),
 * never a verdict: the caller still hashes and compares the secret and checks expiry every time.
 *
 * <p>Asking SQLite costs a read transaction and its file-lock system calls on every lookup, most
 * of an API key's authentication. When the database is in WAL mode the cache first reads the
 * wal-index header from shared memory ({@link WalIndexWatch}): a header that reads as it did at the
 * previous lookup means no commit since, and SQLite is asked only when it differs. The header is
 * read before the version is asked, so a commit in between is seen at the next lookup either way.
 */
final class StoredKeyCache implements AutoCloseable {

    /** More live keys than an installation is expected to have; each entry is a few hundred bytes. */
    static final int DEFAULT_MAXIMUM = 10_000;

    /** A reader in WAL mode waits only while a crashed writer's log is recovered; same bound as the pool. */
    private static final int BUSY_TIMEOUT_MILLIS = 10_000;

    /** Opens the dedicated connection; a seam so tests can watch it being closed. */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;
    private final Optional<Path> walIndex;
    private final Cache<String, StoredApiKey> records;
    // A JDBC connection is not safe for concurrent use, and the version check and the fill must be
    // one step: everything below is touched only while holding this lock.
    private final ReentrantLock lock = new ReentrantLock();
    private Connection connection;
    private PreparedStatement version;
    private PreparedStatement select;
    private WalIndexWatch watch;
    private long seenVersion;
    private long loads;
    private long versionReads;
    private boolean closed;

    /**
     * @param walIndex the database's {@code -shm} file, to skip asking SQLite while nothing has
     *     been committed; empty to ask at every lookup
     */
    StoredKeyCache(Opener opener, Optional<Path> walIndex, int maximum) {
        this.opener = opener;
        this.walIndex = walIndex;
        // Eviction runs on the calling thread: no pool thread ever touches the records.
        this.records = Caffeine.newBuilder()
                .maximumSize(maximum)
                .executor(Runnable::run)
                .build();
    }

    /** The wal-index file SQLite keeps beside a database in WAL mode. */
    static Path walIndexOf(Path database) {
        return database.resolveSibling(database.getFileName() + "-shm");
    }

    /** A read-only connection to the database file: this cache can never write. */
    static Opener readOnly(Path file) {
        return () -> {
            var config = new SQLiteConfig();
            config.setReadOnly(true);
            config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
            return config.createConnection("jdbc:sqlite:" + file);
        };
    }

    /**
     * The stored record for this key id, as of the database's current state.
     *
     * @throws KeyLookupException when the database cannot be read or this cache is closed
     */
    Optional<StoredApiKey> find(String keyId) {
        lock.lock();
        try {
            if (closed) {
                throw new KeyLookupException("the API key store is closed");
            }
            open();
            if (watch == null || watch.moved()) {
                long current = readVersion();
                if (current != seenVersion) {
                    records.invalidateAll();
                    seenVersion = current;
                }
                if (watch == null) {
                    // Mapped only now that a read has set the file up; its first reading, at the next
                    // lookup, counts as moved, so that lookup still asks SQLite.
                    watch = walIndex.flatMap(WalIndexWatch::open).orElse(null);
                }
            }
            var cached = records.getIfPresent(keyId);
            if (cached != null) {
                return Optional.of(cached);
            }
            var loaded = load(keyId);
            loaded.ifPresent(r -> records.put(keyId, r));
            return loaded;
        } catch (SQLException e) {
            // Nothing read on a connection that failed is trusted: start again from an empty cache.
            records.invalidateAll();
            closeConnection();
            throw new KeyLookupException(
                    "API keys cannot be read from the database (SQLite error " + e.getErrorCode() + ")", e);
        } finally {
            lock.unlock();
        }
    }

    private void open() throws SQLException {
        if (connection != null) {
            return;
        }
        // Opened on first use, so commands that only create or list keys never hold a connection.
        connection = opener.open();
        try {
            version = connection.prepareStatement("PRAGMA data_version");
            select = connection.prepareStatement(
                    "SELECT " + SqliteApiKeyStore.COLUMNS + " FROM api_keys WHERE key_id = ?");
        } catch (SQLException e) {
            closeConnection();
            throw e;
        }
        // No version seen on this connection yet: the first read must count as a change.
        records.invalidateAll();
        seenVersion = -1;
    }

    private long readVersion() throws SQLException {
        versionReads++;
        // Closing the result set resets the statement and ends its read transaction: a snapshot held
        // between lookups would stop checkpoints from emptying the write-ahead log.
        try (var rs = version.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("PRAGMA data_version returned no row");
            }
            return rs.getLong(1);
        }
    }

    private Optional<StoredApiKey> load(String keyId) throws SQLException {
        loads++;
        select.setString(1, keyId);
        try (var rs = select.executeQuery()) {
            return rs.next() ? Optional.of(SqliteApiKeyStore.stored(rs)) : Optional.empty();
        }
    }

    /** How many lookups went to the database; tests use it to see that the cache is used. */
    long loads() {
        return locked(() -> loads);
    }

    /** How many times SQLite was asked whether the database changed; for tests. */
    long versionReads() {
        return locked(() -> versionReads);
    }

    /** A counter read under the lock that guards its updates. */
    private long locked(LongSupplier counter) {
        lock.lock();
        try {
            return counter.getAsLong();
        } finally {
            lock.unlock();
        }
    }

    /** How many records are held now (eviction is done before counting). */
    long size() {
        records.cleanUp();
        return records.estimatedSize();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            records.invalidateAll();
            closeConnection();
        } finally {
            lock.unlock();
        }
    }

    private void closeConnection() {
        // Closing the connection finalises its statements too.
        var toClose = connection;
        connection = null;
        if (watch != null) {
            watch.close();
            watch = null;
        }
        version = null;
        select = null;
        if (toClose != null) {
            try {
                toClose.close();
            } catch (SQLException e) {
                // A connection that fails to close holds no lock we depend on; it is dropped either way.
            }
        }
    }
}

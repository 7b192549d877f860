package dev.gatehouse.auth;

import dev.gatehouse.config.ConfigNode;
import dev.gatehouse.storage.Database;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * {@link ApiKeyStore} on the embedded database; the table comes from storage's V1 migration. Writes
 * go through the pool; lookups for authentication go through a {@link StoredKeyCache} that is
 * exact, not time-windowed.
 */
final class SqliteApiKeyStore implements ApiKeyStore {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    static final int MAX_SCOPES = 64;

    static final String COLUMNS =
            "key_id, name, scopes, salt, secret_hash, created_at, expires_at, revoked_at, last_used_at";

    private final Database database;
    private final Clock clock;
    private final SecureRandom random;
    private final StoredKeyCache records;

    SqliteApiKeyStore(Database database, Clock clock, SecureRandom random, StoredKeyCache records) {
        this.database = database;
        this.clock = clock;
        this.random = random;
        this.records = records;
    }

    static SqliteApiKeyStore open(Database database, Clock clock, SecureRandom random) {
        return new SqliteApiKeyStore(
                database,
                clock,
                random,
                new StoredKeyCache(
                        StoredKeyCache.readOnly(database.file()),
                        Optional.of(StoredKeyCache.walIndexOf(database.file())),
                        StoredKeyCache.DEFAULT_MAXIMUM));
    }

    /** The Jdbi of an open database; a closed one fails every operation. */
    private Jdbi jdbi() {
        return database.jdbi();
    }

    /** Lookups bypass Jdbi but must fail on a closed database as writes do. */
    private void requireOpenDatabase() {
        var unused = database.jdbi();
    }

    @Override
    public CreatedKey create(String name, Set<String> scopes, Optional<Instant> expiresAt) {
        validate(name, scopes, expiresAt);
        var now = clock.instant();
        var sortedScopes = new TreeSet<>(scopes);
        return jdbi().inTransaction(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM api_keys WHERE name = :n AND revoked_at IS NULL")
                            .bind("n", name)
                            .mapTo(Integer.class)
                            .one()
                    > 0) {
                throw new ApiKeyException(
                        ApiKeyException.Problem.DUPLICATE_NAME,
                        name,
                        "an API key named " + name + " already exists; revoke it first or pick another name");
            }
            var fresh = freshKey(h);
            h.createUpdate("INSERT INTO api_keys (key_id, name, scopes, salt, secret_hash, created_at, expires_at)"
                            + " VALUES (:id, :name, :scopes, :salt, :hash, :created, :expires)")
                    .bind("id", fresh.keyId())
                    .bind("name", name)
                    .bind("scopes", String.join(" ", sortedScopes))
                    .bind("salt", fresh.salt())
                    .bind("hash", fresh.secretHash())
                    .bind("created", now.toEpochMilli())
                    .bind("expires", expiresAt.map(Instant::toEpochMilli).orElse(null))
                    .execute();
            var info = new ApiKeyInfo(
                    name, fresh.keyId(), sortedScopes, now, expiresAt, Optional.empty(), Optional.empty());
            return new CreatedKey(info, fresh.key());
        });
    }

    /** A key whose id is not taken; a clash of 64 random bits is not expected, but costs nothing to rule out. */
    private ApiKeyFormat.Fresh freshKey(Handle h) {
        for (int attempt = 0; attempt < 3; attempt++) {
            var fresh = ApiKeyFormat.generate(random);
            if (h.createQuery("SELECT COUNT(*) FROM api_keys WHERE key_id = :id")
                            .bind("id", fresh.keyId())
                            .mapTo(Integer.class)
                            .one()
                    == 0) {
                return fresh;
            }
        }
        throw new IllegalStateException("the random source keeps repeating key ids");
    }

    private void validate(String name, Set<String> scopes, Optional<Instant> expiresAt) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ApiKeyException(
                    ApiKeyException.Problem.INVALID_NAME,
                    String.valueOf(name),
                    "key name " + ConfigNode.quote(String.valueOf(name)) + " must match ^[a-z0-9][a-z0-9._-]{0,63}$");
        }
        if (scopes.size() > MAX_SCOPES) {
            throw new ApiKeyException(
                    ApiKeyException.Problem.INVALID_SCOPE, name, "a key may carry at most " + MAX_SCOPES + " scopes");
        }
        for (var scope : scopes) {
            if (!Scopes.isGrantable(scope)) {
                throw new ApiKeyException(
                        ApiKeyException.Problem.INVALID_SCOPE,
                        name,
                        "scope " + ConfigNode.quote(String.valueOf(scope))
                                + " is not of the form namespace:permission (e.g. crm:read)");
            }
        }
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(clock.instant())) {
            throw new ApiKeyException(ApiKeyException.Problem.INVALID_EXPIRY, name, "the expiry must be in the future");
        }
    }

    @Override
    public List<ApiKeyInfo> list() {
        return jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at, name")
                .map((rs, ctx) -> info(rs))
                .list());
    }

    @Override
    public boolean revoke(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return false;
        }
        long now = clock.millis();
        return jdbi().withHandle(h -> h.createUpdate(
                                "UPDATE api_keys SET revoked_at = :now WHERE name = :n AND revoked_at IS NULL")
                        .bind("now", now)
                        .bind("n", name)
                        .execute())
                > 0;
    }

    @Override
    public Optional<StoredApiKey> findByKeyId(String keyId) {
        if (!ApiKeyFormat.isKeyId(keyId)) {
            return Optional.empty();
        }
        requireOpenDatabase();
        return records.find(keyId);
    }

    @Override
    public void recordUse(String keyId, Instant when) {
        jdbi().useHandle(h -> h.createUpdate("UPDATE api_keys SET last_used_at = :t WHERE key_id = :id")
                .bind("t", when.toEpochMilli())
                .bind("id", keyId)
                .execute());
    }

    @Override
    public void close() {
        records.close();
    }

    /** Read-only view of the lookup cache, for tests. */
    StoredKeyCache records() {
        return records;
    }

    /** A row selected with {@link #COLUMNS}, as authentication needs it. */
    static StoredApiKey stored(ResultSet rs) throws SQLException {
        return new StoredApiKey(info(rs), rs.getBytes("salt"), rs.getBytes("secret_hash"));
    }

    private static ApiKeyInfo info(ResultSet rs) throws SQLException {
        var scopes = rs.getString("scopes");
        return new ApiKeyInfo(
                rs.getString("name"),
                rs.getString("key_id"),
                scopes.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(scopes.split(" "))),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                instant(rs, "expires_at"),
                instant(rs, "revoked_at"),
                instant(rs, "last_used_at"));
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(value));
    }
}

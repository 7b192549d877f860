package dev.gatehouse.auth;

import dev.gatehouse.storage.Database;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where API keys live. Kept small so a multi-instance deployment can put it on PostgreSQL without
 * touching authentication (DESIGN section 7). Keys are {@code ghk_<keyId>_<secret>}; a store keeps
 * the key id, a salt and a hash of the secret, never the key.
 */
public interface ApiKeyStore extends AutoCloseable {

    /**
     * Creates a key.
     *
     * @param name unique among keys not revoked; {@code ^[a-z0-9][a-z0-9._-]{0,63}$}
     * @param scopes each of the form {@code namespace:permission}
     * @param expiresAt when it stops working; must be in the future
     * @return the key, which is not stored and cannot be shown again
     * @throws ApiKeyException when the name, a scope or the expiry is invalid, or the name is taken
     */
    CreatedKey create(String name, Set<String> scopes, Optional<Instant> expiresAt);

    /** Every key, revoked and expired ones included, oldest first; never the key or its hash. */
    List<ApiKeyInfo> list();

    /** Revokes the key with this name that is not yet revoked; false when there is none. */
    boolean revoke(String name);

    /**
     * The key with this public id, for authentication: exactly as stored now, so a key revoked
     * elsewhere a moment ago is seen revoked.
     */
    Optional<StoredApiKey> findByKeyId(String keyId);

    /** Notes that a key was used; stores may keep this coarse. */
    void recordUse(String keyId, Instant when);

    /** Releases what the store holds open; lookups fail afterwards. Close it before its database. */
    @Override
    default void close() {}

    /**
     * The embedded store on the Gatehouse database (migration {@code V1__api_keys} in storage).
     * Lookups hold one read-only connection of their own, opened on first use and released by
     * {@link #close()}.
     */
    static ApiKeyStore sqlite(Database database, Clock clock, SecureRandom random) {
        return SqliteApiKeyStore.open(database, clock, random);
    }
}

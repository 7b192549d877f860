package dev.gatehouse.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps the stored records of keys that were looked up for a short while, so a caller presenting
 * the same key request after request does not reach the database each time.
 *
 * <p>What is kept is what the store holds (salt, hash, name, scopes, expiry, revocation), never a
 * verdict: the presented secret is still hashed and compared in constant time on every call, and
 * expiry is checked against the clock on every call. Unknown key ids are not kept, so a key created
 * a moment ago works at once. A key revoked through this store stops working at once; one revoked
 * elsewhere (another process sharing the database, such as {@code gatehouse keys revoke}) stops
 * working within {@link #REVALIDATE_AFTER}.
 */
final class CachingApiKeyStore implements ApiKeyStore {

    /** How long a looked-up record is trusted before the store is asked again. */
    static final Duration REVALIDATE_AFTER = Duration.ofSeconds(2);

    /** Records kept at most; beyond, the least used go first. */
    static final int MAX_KEYS = 10_000;

    private record Entry(StoredApiKey key, Instant loadedAt) {}

    private final ApiKeyStore store;
    private final Clock clock;
    private final Cache<String, Entry> byKeyId =
            Caffeine.newBuilder().maximumSize(MAX_KEYS).build();
    // A lookup that started before a revocation must not put back what the revocation removed.
    private final Object revocations = new Object();
    private long generation;

    CachingApiKeyStore(ApiKeyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public CreatedKey create(String name, Set<String> scopes, Optional<Instant> expiresAt) {
        return store.create(name, scopes, expiresAt);
    }

    @Override
    public List<ApiKeyInfo> list() {
        return store.list();
    }

    @Override
    public boolean revoke(String name) {
        boolean revoked = store.revoke(name);
        synchronized (revocations) {
            generation++;
            // Revocations are rare: forgetting everything is simpler than finding the name's entries.
            byKeyId.invalidateAll();
        }
        return revoked;
    }

    @Override
    public Optional<StoredApiKey> findByKeyId(String keyId) {
        if (!ApiKeyFormat.isKeyId(keyId)) {
            return Optional.empty();
        }
        var kept = byKeyId.getIfPresent(keyId);
        var now = clock.instant();
        if (kept != null && fresh(kept, now)) {
            return Optional.of(kept.key());
        }
        long before;
        synchronized (revocations) {
            before = generation;
        }
        var found = store.findByKeyId(keyId);
        synchronized (revocations) {
            if (found.isEmpty()) {
                byKeyId.invalidate(keyId);
            } else if (generation == before) {
                byKeyId.put(keyId, new Entry(found.get(), now));
            }
        }
        return found;
    }

    private static boolean fresh(Entry entry, Instant now) {
        // A clock that went back is not trusted to say an entry is young.
        return !now.isBefore(entry.loadedAt()) && now.isBefore(entry.loadedAt().plus(REVALIDATE_AFTER));
    }

    @Override
    public void recordUse(String keyId, Instant when) {
        store.recordUse(keyId, when);
        // Keeps the kept record's last use current, so the next calls do not write it again.
        byKeyId.asMap().computeIfPresent(keyId, (id, entry) -> {
            var k = entry.key();
            var i = k.info();
            var info = new ApiKeyInfo(
                    i.name(), i.keyId(), i.scopes(), i.createdAt(), i.expiresAt(), i.revokedAt(), Optional.of(when));
            return new Entry(new StoredApiKey(info, k.salt(), k.secretHash()), entry.loadedAt());
        });
    }

    @Override
    public String toString() {
        return "CachingApiKeyStore[" + store + "]";
    }
}

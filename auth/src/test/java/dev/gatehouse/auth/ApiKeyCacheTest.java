package dev.gatehouse.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.api.auth.AuthenticationException;
import dev.gatehouse.api.auth.AuthenticationException.Reason;
import dev.gatehouse.storage.Database;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Looked-up keys are kept for {@link CachingApiKeyStore#REVALIDATE_AFTER}: the database is asked
 * less often, but no wrong secret, revoked key or expired key gets through because of it.
 */
class ApiKeyCacheTest {

    static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

    @TempDir
    java.nio.file.Path tmp;

    final MutableClock clock = new MutableClock(NOW);
    Database db;
    SqliteApiKeyStore database;
    CountingStore counted;
    CachingApiKeyStore store;
    AtomicInteger comparisons = new AtomicInteger();
    ApiKeyAuthenticator auth;

    /** The real store, counting how often authentication reaches it. */
    static final class CountingStore implements ApiKeyStore {
        final ApiKeyStore real;
        final AtomicInteger lookups = new AtomicInteger();
        Runnable duringLookup = () -> {};

        CountingStore(ApiKeyStore real) {
            this.real = real;
        }

        @Override
        public CreatedKey create(String name, Set<String> scopes, Optional<Instant> expiresAt) {
            return real.create(name, scopes, expiresAt);
        }

        @Override
        public List<ApiKeyInfo> list() {
            return real.list();
        }

        @Override
        public boolean revoke(String name) {
            return real.revoke(name);
        }

        @Override
        public Optional<StoredApiKey> findByKeyId(String keyId) {
            lookups.incrementAndGet();
            var found = real.findByKeyId(keyId);
            duringLookup.run();
            return found;
        }

        @Override
        public void recordUse(String keyId, Instant when) {
            real.recordUse(keyId, when);
        }
    }

    @BeforeEach
    void setUp() {
        db = Database.open(tmp.resolve("data/gatehouse.db"));
        database = new SqliteApiKeyStore(db.jdbi(), clock, new SecureRandom());
        counted = new CountingStore(database);
        store = new CachingApiKeyStore(counted, clock);
        auth = new ApiKeyAuthenticator(store, clock, (expected, actual) -> {
            comparisons.incrementAndGet();
            return MessageDigest.isEqual(expected, actual);
        });
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    void refused(String key, Reason reason) {
        assertThatThrownBy(() -> auth.authenticate(key))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> assertThat(e.reason())
                        .isEqualTo(reason));
    }

    @Test
    void aRepeatedKeyIsLookedUpOnceInTheWindowAndAgainAfterIt() {
        var key = store.create("ci-bot", Set.of("crm:read"), Optional.empty()).key();

        for (int i = 0; i < 5; i++) {
            assertThat(auth.authenticate(key).id()).isEqualTo("key:ci-bot");
        }
        assertThat(counted.lookups).hasValue(1);
        // The secret was still compared on every call.
        assertThat(comparisons).hasValue(5);

        clock.advance(CachingApiKeyStore.REVALIDATE_AFTER);
        auth.authenticate(key);
        assertThat(counted.lookups).hasValue(2);
    }

    @Test
    void aWrongSecretForAKeptKeyIdIsRefusedEveryTime() {
        var created = store.create("ci-bot", Set.of("crm:read"), Optional.empty());
        auth.authenticate(created.key());
        var chars = created.key().toCharArray();
        chars[30] = chars[30] == 'A' ? 'B' : 'A';
        var wrong = new String(chars);

        for (int i = 0; i < 3; i++) {
            refused(wrong, Reason.UNKNOWN_KEY);
        }
        assertThat(counted.lookups).hasValue(1);
        assertThat(comparisons).hasValue(4);
        assertThat(auth.authenticate(created.key()).id()).isEqualTo("key:ci-bot");
    }

    @Test
    void aKeyRevokedThroughThisStoreStopsWorkingAtOnce() {
        var key = store.create("ci-bot", Set.of("crm:read"), Optional.empty()).key();
        auth.authenticate(key);

        assertThat(store.revoke("ci-bot")).isTrue();

        refused(key, Reason.REVOKED);
    }

    @Test
    void aKeyRevokedByAnotherProcessStopsWorkingWithinTheWindow() {
        var key = store.create("ci-bot", Set.of("crm:read"), Optional.empty()).key();
        auth.authenticate(key);
        // Another process on the same database: its own store, nothing shared in memory.
        var elsewhere = ApiKeyStore.sqlite(db, clock, new SecureRandom());

        assertThat(elsewhere.revoke("ci-bot")).isTrue();
        clock.advance(CachingApiKeyStore.REVALIDATE_AFTER.minusMillis(1));
        auth.authenticate(key); // the documented delay
        clock.advance(Duration.ofMillis(1));

        refused(key, Reason.REVOKED);
    }

    @Test
    void aRevocationDuringALookupIsNotUndoneByItsStaleResult() {
        var key = store.create("ci-bot", Set.of("crm:read"), Optional.empty()).key();
        // The lookup reads the record, then the key is revoked before the lookup keeps it.
        counted.duringLookup = () -> {
            counted.duringLookup = () -> {};
            store.revoke("ci-bot");
        };
        auth.authenticate(key); // read before the revocation: this one call still passes

        refused(key, Reason.REVOKED);
        assertThat(counted.lookups).hasValue(2);
    }

    @Test
    void aKeptKeyStillExpiresOnTime() {
        var key = store.create("temp", Set.of("crm:read"), Optional.of(NOW.plusMillis(500)))
                .key();
        auth.authenticate(key);

        clock.advance(Duration.ofMillis(500));

        refused(key, Reason.EXPIRED);
        assertThat(counted.lookups).hasValue(1);
    }

    @Test
    void anUnknownKeyIdIsNotKeptSoAKeyThatAppearsWorksAtOnce() {
        var created = store.create("late", Set.of("crm:read"), Optional.empty());
        db.jdbi().useHandle(h -> {
            h.execute("CREATE TABLE parked AS SELECT * FROM api_keys");
            h.execute("DELETE FROM api_keys");
        });
        refused(created.key(), Reason.UNKNOWN_KEY);

        // The same key id appears (as a key created by another process would).
        db.jdbi().useHandle(h -> h.execute("INSERT INTO api_keys SELECT * FROM parked"));

        assertThat(auth.authenticate(created.key()).id()).isEqualTo("key:late");
    }

    @Test
    void aUseIsWrittenOncePerGranularityEvenWhileKept() {
        var key = store.create("ci-bot", Set.of("crm:read"), Optional.empty()).key();

        auth.authenticate(key);
        clock.advance(Duration.ofSeconds(1));
        auth.authenticate(key);

        assertThat(database.list()).singleElement().satisfies(i -> assertThat(i.lastUsedAt())
                .contains(NOW));
    }
}

package dev.gatehouse.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.api.auth.AuthenticationException;
import dev.gatehouse.api.auth.AuthenticationException.Reason;
import dev.gatehouse.api.auth.Credentials;
import dev.gatehouse.api.auth.Principal;
import dev.gatehouse.api.gateway.RequestContext;
import dev.gatehouse.storage.Database;
import dev.gatehouse.storage.StorageException;
import dev.gatehouse.testing.MutableClock;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key-record cache on real database files, with a second {@link Database} on the same file
 * standing in for another process ({@code gatehouse keys ...} while {@code serve} runs).
 */
class ApiKeyCacheTest {

    static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    static final RequestContext CONTEXT = new RequestContext(NOW, "127.0.0.1", "test");

    @TempDir
    Path tmp;

    final MutableClock clock = new MutableClock(NOW);
    final List<Connection> opened = new ArrayList<>();
    Database db;
    Database elsewhere;
    SqliteApiKeyStore store;
    ApiKeyStore otherProcess;
    Authenticator auth;

    @BeforeEach
    void setUp() {
        db = Database.open(tmp.resolve("data/gatehouse.db"));
        elsewhere = Database.open(tmp.resolve("data/gatehouse.db"));
        store = storeWithMaximum(StoredKeyCache.DEFAULT_MAXIMUM);
        otherProcess = ApiKeyStore.sqlite(elsewhere, clock, new SecureRandom());
        auth = Authenticators.from(AuthConfig.defaults(), store, clock);
    }

    @AfterEach
    void tearDown() {
        store.close();
        otherProcess.close();
        elsewhere.close();
        db.close();
    }

    /** The production store, except that the test keeps hold of each dedicated connection it opens. */
    SqliteApiKeyStore storeWithMaximum(int maximum) {
        return store(maximum, Optional.of(StoredKeyCache.walIndexOf(db.file())));
    }

    SqliteApiKeyStore store(int maximum, Optional<Path> walIndex) {
        var readOnly = StoredKeyCache.readOnly(db.file());
        StoredKeyCache.Opener watched = () -> {
            var c = readOnly.open();
            opened.add(c);
            return c;
        };
        return new SqliteApiKeyStore(db, clock, new SecureRandom(), new StoredKeyCache(watched, walIndex, maximum));
    }

    Principal present(String key) {
        return auth.authenticate(new Credentials.ApiKey(key), CONTEXT);
    }

    void refused(String key, Reason reason) {
        assertThatThrownBy(() -> present(key))
                .isInstanceOfSatisfying(
                        AuthenticationException.class,
                        e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }

    /** Presents the key until its record is served from memory (the first use writes last_used_at). */
    void warm(String key) {
        present(key);
        present(key);
        long loads = store.records().loads();
        present(key);
        assertThat(store.records().loads()).as("served from memory").isEqualTo(loads);
    }

    @Test
    void repeatedCallsWithNothingChangedDoNotReadTheKeyAgain() {
        var created = store.create("ci-bot", Set.of("crm:read"), Optional.empty());
        warm(created.key());
        long loads = store.records().loads();
        for (int i = 0; i < 20; i++) {
            assertThat(present(created.key()).id()).isEqualTo("key:ci-bot");
        }
        assertThat(store.records().loads()).isEqualTo(loads);
    }

    @Test
    void aKeyRevokedByAnotherProcessIsRefusedOnTheVeryNextCall() {
        var created = store.create("ci-bot", Set.of("crm:read"), Optional.empty());
        warm(created.key());
        assertThat(otherProcess.revoke("ci-bot")).isTrue();
        refused(created.key(), Reason.REVOKED);
    }

    @Test
    void whileNothingIsCommittedSQLiteIsNotAskedAgainAndAnyCommitMakesItAsk() {
        var created = store.create("ci-bot", Set.of("crm:read"), Optional.empty());
        warm(created.key());
        long asked = store.records().versionReads();
        for (int i = 0; i < 20; i++) {
            present(created.key());
        }
        assertThat(store.records().versionReads()).as("nothing committed").isEqualTo(asked);
        // A commit that touches no key still moves the shared header: asked once, then quiet again.
        otherProcess.create("unrelated", Set.of("crm:read"), Optional.empty());
        present(created.key());
        assertThat(store.records().versionReads()).isEqualTo(asked + 1);
        present(created.key());
        assertThat(store.records().versionReads()).isEqualTo(asked + 1);
    }

    @Test
    void aRevokeAfterTheLogWasCheckpointedAndRestartedIsRefusedOnTheVeryNextCall() {
        var created = store.create("ci-bot", Set.of("crm:read"), Optional.empty());
        warm(created.key());
        // TRUNCATE empties the log, so the revoke below starts it again with new salts and frame 1:
        // the header must still read differently.
        elsewhere.jdbi().withHandle(h -> h.createQuery("PRAGMA wal_checkpoint(TRUNCATE)")
                .mapTo(Long.class)
                .list());
        present(created.key());
        assertThat(otherProcess.revoke("ci-bot")).isTrue();
        refused(created.key(), Reason.REVOKED);
    }

    @Test
    void withoutAWalIndexEveryLookupAsksSQLiteAndRevokesAreStillSeen() {
        store.close();
        store = store(StoredKeyCache.DEFAULT_MAXIMUM, Optional.of(tmp.resolve("no-such-file-shm")));
        auth = Authenticators.from(AuthConfig.defaults(), store, clock);
        var created = store.create("ci-bot", Set.of("crm:read"), Optional.empty());
        warm(created.key());
        long asked = store.records().versionReads();
        present(created.key());
        present(created.key());
        assertThat(store.records().versionReads()).isEqualTo(asked + 2);
        assertThat(otherProcess.revoke("ci-bot")).isTrue();
        refused(created.key(), Reason.REVOKED);
    }

    @Test
    void aKeyRevokedThroughThisStoreIsRefusedOnTheVeryNextCall() {
        var created = store.create("ci-bot", Set.of("crm:read"), Optional.empty());
        warm(created.key());
        assertThat(store.revoke("ci-bot")).isTrue();
        refused(created.key(), Reason.REVOKED);
    }

    @Test
    void aKeyCreatedByAnotherProcessWorksAtOnce() {
        var first = store.create("first", Set.of("crm:read"), Optional.empty());
        warm(first.key());
        var later = otherProcess.create("later", Set.of("crm:write"), Optional.empty());
        assertThat(present(later.key()).scopes()).containsExactly("crm:write");
        assertThat(present(first.key()).id()).isEqualTo("key:first");
    }

    @Test
    void anUnknownKeyIdIsLookedUpEveryTimeNotRememberedAsMissing() {
        var unknown = "ghk_0123456789abcdef_" + "A".repeat(43);
        refused(unknown, Reason.UNKNOWN_KEY);
        long loads = store.records().loads();
        refused(unknown, Reason.UNKNOWN_KEY);
        assertThat(store.records().loads()).isEqualTo(loads + 1);
        assertThat(store.records().size()).isZero();
    }

    @Test
    void aWrongSecretForACachedKeyIdIsAnUnknownKeyAndTheRightOneStillWorks() {
        var created = store.create("ci-bot", Set.of("crm:read"), Optional.empty());
        var other = store.create("other", Set.of("crm:read"), Optional.empty());
        warm(created.key());
        long loads = store.records().loads();
        var spliced = "ghk_" + created.info().keyId() + "_" + other.key().substring("ghk_".length() + 17);
        refused(spliced, Reason.UNKNOWN_KEY);
        var chars = created.key().toCharArray();
        chars[30] = chars[30] == 'A' ? 'B' : 'A';
        refused(new String(chars), Reason.UNKNOWN_KEY);
        // Refused against the cached record: what is cached is the hash, not a verdict.
        assertThat(store.records().loads()).isEqualTo(loads);
        assertThat(present(created.key()).id()).isEqualTo("key:ci-bot");
    }

    @Test
    void aCachedKeyExpiresByTheClockWithoutBeingReadAgain() {
        var created = store.create("temp", Set.of("crm:read"), Optional.of(NOW.plus(Duration.ofHours(1))));
        warm(created.key());
        long loads = store.records().loads();
        clock.advance(Duration.ofMinutes(59));
        assertThat(present(created.key()).id()).isEqualTo("key:temp");
        clock.advance(Duration.ofMinutes(1));
        refused(created.key(), Reason.EXPIRED);
        assertThat(store.records().loads()).isGreaterThanOrEqualTo(loads);
    }

    @Test
    void theCacheHoldsNoMoreThanItsMaximumAndEveryKeyStillWorks() {
        store.close();
        store = storeWithMaximum(2);
        auth = Authenticators.from(AuthConfig.defaults(), store, clock);
        var keys = new ArrayList<CreatedKey>();
        for (int i = 0; i < 5; i++) {
            keys.add(store.create("key-" + i, Set.of("crm:read"), Optional.empty()));
        }
        for (int round = 0; round < 3; round++) {
            for (var k : keys) {
                assertThat(present(k.key()).id()).isEqualTo("key:" + k.info().name());
                assertThat(store.records().size()).isLessThanOrEqualTo(2);
            }
        }
        assertThat(otherProcess.revoke("key-3")).isTrue();
        refused(keys.get(3).key(), Reason.REVOKED);
    }

    @Test
    void noCallStartedAfterARevokeCommitsSucceedsWhileOthersAuthenticateConcurrently() throws Exception {
        var doomed = store.create("doomed", Set.of("crm:read"), Optional.empty());
        var kept = store.create("kept", Set.of("crm:read"), Optional.empty());
        int threads = 8;
        int attemptsEach = 40;
        var revoked = new AtomicBoolean();
        var warmedUp = new CountDownLatch(threads);
        var lateSuccesses = new AtomicInteger();
        var keptFailures = new AtomicInteger();
        var unexpected = new AtomicInteger();
        var executor = Executors.newFixedThreadPool(threads);
        try {
            var futures = new ArrayList<Future<?>>();
            for (int t = 0; t < threads; t++) {
                futures.add(executor.submit(() -> {
                    int attemptsAfterRevoke = 0;
                    boolean counted = false;
                    while (attemptsAfterRevoke < attemptsEach) {
                        boolean startedAfterRevoke = revoked.get();
                        if (startedAfterRevoke) {
                            attemptsAfterRevoke++;
                        }
                        try {
                            present(doomed.key());
                            if (startedAfterRevoke) {
                                lateSuccesses.incrementAndGet();
                            }
                        } catch (AuthenticationException e) {
                            if (e.reason() != Reason.REVOKED) {
                                unexpected.incrementAndGet();
                            }
                        }
                        try {
                            present(kept.key());
                        } catch (AuthenticationException e) {
                            keptFailures.incrementAndGet();
                        }
                        if (!counted) {
                            warmedUp.countDown();
                            counted = true;
                        }
                    }
                    return null;
                }));
            }
            assertThat(warmedUp.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(otherProcess.revoke("doomed")).isTrue();
            revoked.set(true);
            for (var f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }
        assertThat(lateSuccesses).hasValue(0);
        assertThat(unexpected).hasValue(0);
        assertThat(keptFailures).hasValue(0);
    }

    @Test
    void closingTheStoreClosesItsConnectionAndLookupsFailAfterwards() throws Exception {
        var created = store.create("ci-bot", Set.of("crm:read"), Optional.empty());
        assertThat(opened).as("opened on first use only").isEmpty();
        present(created.key());
        assertThat(opened).singleElement().satisfies(c -> assertThat(c.isClosed())
                .isFalse());
        store.close();
        assertThat(opened.getFirst().isClosed()).isTrue();
        assertThatThrownBy(() -> store.findByKeyId(created.info().keyId()))
                .isInstanceOf(KeyLookupException.class)
                .hasMessageNotContaining(created.info().keyId());
        refused(created.key(), Reason.UNAVAILABLE);
        assertThat(opened).as("not reopened after close").hasSize(1);
    }

    @Test
    void betweenLookupsTheDedicatedConnectionHoldsNoSnapshotThatWouldStopACheckpoint() {
        var created = store.create("ci-bot", Set.of("crm:read"), Optional.empty());
        warm(created.key());
        otherProcess.create("later", Set.of("crm:read"), Optional.empty());
        // PASSIVE copies every log frame that no reader still needs back into the database file.
        var result = elsewhere.jdbi().withHandle(h -> h.createQuery("PRAGMA wal_checkpoint(PASSIVE)")
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)})
                .one());
        assertThat(result[0]).as("busy").isZero();
        assertThat(result[2]).as("frames checkpointed of " + result[1]).isEqualTo(result[1]);
    }

    @Test
    void theDedicatedConnectionCannotWrite() throws Exception {
        var created = store.create("ci-bot", Set.of("crm:read"), Optional.empty());
        present(created.key());
        try (var statement = opened.getFirst().createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate("UPDATE api_keys SET revoked_at = NULL"))
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void lookupsFailOnceTheDatabaseIsClosedEvenWithTheRecordCached() {
        var created = store.create("ci-bot", Set.of("crm:read"), Optional.empty());
        warm(created.key());
        db.close();
        assertThatThrownBy(() -> store.findByKeyId(created.info().keyId())).isInstanceOf(StorageException.class);
        refused(created.key(), Reason.UNAVAILABLE);
    }
}

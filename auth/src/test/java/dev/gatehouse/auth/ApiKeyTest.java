package dev.gatehouse.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.api.auth.AuthenticationException;
import dev.gatehouse.api.auth.AuthenticationException.Reason;
import dev.gatehouse.api.auth.Credentials;
import dev.gatehouse.api.auth.Principal;
import dev.gatehouse.api.gateway.RequestContext;
import dev.gatehouse.storage.Database;
import dev.gatehouse.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API keys on a real database file: create, verify, revoke, expire, and never leak. */
class ApiKeyTest {

    static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    static final RequestContext CONTEXT = new RequestContext(NOW, "127.0.0.1", "test");

    @TempDir
    Path tmp;

    final MutableClock clock = new MutableClock(NOW);
    Database db;
    ApiKeyStore store;
    Authenticator auth;

    @BeforeEach
    void setUp() {
        db = Database.open(tmp.resolve("data/gatehouse.db"));
        store = ApiKeyStore.sqlite(db, clock, new SecureRandom());
        auth = Authenticators.from(AuthConfig.defaults(), store, clock);
    }

    @AfterEach
    void tearDown() {
        store.close();
        db.close();
    }

    Principal present(String key) {
        return auth.authenticate(new Credentials.ApiKey(key), CONTEXT);
    }

    void refused(String key, Reason reason) {
        assertThatThrownBy(() -> present(key))
                .isInstanceOfSatisfying(
                        AuthenticationException.class,
                        e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(key));
    }

    @Test
    void aCreatedKeyAuthenticatesAsItsNameWithItsScopes() {
        var created = store.create("ci-bot", Set.of("crm:read", "files:write"), Optional.empty());
        assertThat(created.key()).matches("ghk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}");
        var principal = present(created.key());
        assertThat(principal.id()).isEqualTo("key:ci-bot");
        assertThat(principal.authMethod()).isEqualTo("api_key");
        assertThat(principal.scopes()).containsExactly("crm:read", "files:write");
        // The same key as a bearer token takes the same path.
        var viaBearer = auth.authenticate(new Credentials.BearerToken(created.key()), CONTEXT);
        assertThat(viaBearer).isEqualTo(principal);
        assertThat(store.list()).singleElement().satisfies(info -> assertThat(info.lastUsedAt())
                .contains(NOW));
    }

    @Test
    void aWrongSecretForARealKeyIdIsAnUnknownKey() {
        var created = store.create("ci-bot", Set.of("crm:read"), Optional.empty());
        var other = store.create("other", Set.of("crm:read"), Optional.empty());
        var keyId = created.info().keyId();
        var spliced = "ghk_" + keyId + "_" + other.key().substring("ghk_".length() + 17);
        refused(spliced, Reason.UNKNOWN_KEY);
        refused("ghk_0123456789abcdef_" + "A".repeat(43), Reason.UNKNOWN_KEY);
        refused("ghk_short", Reason.MALFORMED);
    }

    @Test
    void theSecretIsComparedInConstantTimeWhetherOrNotTheKeyIdExists() {
        var created = store.create("ci-bot", Set.of("crm:read"), Optional.empty());
        var calls = new AtomicInteger();
        var verifier = new ApiKeyAuthenticator(store, clock, (expected, actual) -> {
            calls.incrementAndGet();
            return MessageDigest.isEqual(expected, actual);
        });
        assertThat(verifier.authenticate(created.key()).id()).isEqualTo("key:ci-bot");
        var chars = created.key().toCharArray();
        chars[30] = chars[30] == 'A' ? 'B' : 'A';
        var wrong = new String(chars);
        assertThatThrownBy(() -> verifier.authenticate(wrong)).isInstanceOf(AuthenticationException.class);
        assertThatThrownBy(() -> verifier.authenticate("ghk_ffffffffffffffff_" + "B".repeat(42) + "A"))
                .isInstanceOf(AuthenticationException.class);
        assertThat(calls).hasValue(3);
    }

    @Test
    void aRevokedKeyFailsAsRevokedAndItsNameCanBeReused() {
        var created = store.create("ci-bot", Set.of("crm:read"), Optional.empty());
        assertThat(store.revoke("ci-bot")).isTrue();
        assertThat(store.revoke("ci-bot")).isFalse();
        refused(created.key(), Reason.REVOKED);
        var again = store.create("ci-bot", Set.of("crm:write"), Optional.empty());
        assertThat(present(again.key()).scopes()).containsExactly("crm:write");
        refused(created.key(), Reason.REVOKED);
        assertThat(store.list()).hasSize(2).filteredOn(ApiKeyInfo::revoked).hasSize(1);
    }

    @Test
    void anExpiredKeyFailsAsExpired() {
        var created = store.create("temp", Set.of("crm:read"), Optional.of(NOW.plus(Duration.ofDays(30))));
        assertThat(present(created.key()).id()).isEqualTo("key:temp");
        clock.advance(Duration.ofDays(30));
        refused(created.key(), Reason.EXPIRED);
    }

    @Test
    void invalidNamesScopesExpiriesAndDuplicatesAreRefused() {
        store.create("taken", Set.of(), Optional.empty());
        assertThatThrownBy(() -> store.create("taken", Set.of(), Optional.empty()))
                .isInstanceOfSatisfying(ApiKeyException.class, e -> assertThat(e.problem())
                        .isEqualTo(ApiKeyException.Problem.DUPLICATE_NAME));
        for (var bad : List.of("", "Upper", "-dash", "a b", "x".repeat(65), "evil\nname")) {
            assertThatThrownBy(() -> store.create(bad, Set.of(), Optional.empty()))
                    .isInstanceOfSatisfying(ApiKeyException.class, e -> assertThat(e.problem())
                            .isEqualTo(ApiKeyException.Problem.INVALID_NAME))
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        assertThatThrownBy(() -> store.create("ok", Set.of("read everything"), Optional.empty()))
                .isInstanceOfSatisfying(ApiKeyException.class, e -> assertThat(e.problem())
                        .isEqualTo(ApiKeyException.Problem.INVALID_SCOPE));
        assertThat(store.create("root", Set.of("admin"), Optional.empty())
                        .info()
                        .scopes())
                .containsExactly("admin");
        assertThatThrownBy(() -> store.create("ok", Set.of("Admin"), Optional.empty()))
                .isInstanceOfSatisfying(ApiKeyException.class, e -> assertThat(e.problem())
                        .isEqualTo(ApiKeyException.Problem.INVALID_SCOPE));
        assertThatThrownBy(() -> store.create("ok", Set.of("crm:read"), Optional.of(NOW)))
                .isInstanceOfSatisfying(ApiKeyException.class, e -> assertThat(e.problem())
                        .isEqualTo(ApiKeyException.Problem.INVALID_EXPIRY));
        assertThat(store.list()).extracting(ApiKeyInfo::name).containsExactlyInAnyOrder("taken", "root");
    }

    @Test
    void theKeyNeverAppearsInListingsToStringsErrorsLogsOrTheDatabaseFile() throws Exception {
        var records = new ArrayList<LogRecord>();
        var handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        var root = Logger.getLogger("");
        var level = root.getLevel();
        root.addHandler(handler);
        root.setLevel(java.util.logging.Level.ALL);
        var out = new ByteArrayOutputStream();
        var stdout = System.out;
        var stderr = System.err;
        var seen = new StringBuilder();
        CreatedKey created;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
            created = store.create("planted", Set.of("crm:read"), Optional.of(NOW.plusSeconds(60)));
            seen.append(created).append(created.info());
            seen.append(store.list());
            seen.append(store.findByKeyId(created.info().keyId()).orElseThrow());
            present(created.key());
            var secret = created.key().substring("ghk_".length() + 17);
            for (var attempt : List.of(
                    created.key() + "x",
                    created.key().replace("ghk_", "ghk-"),
                    "ghk_" + "0".repeat(16) + "_" + secret,
                    created.key().toUpperCase(java.util.Locale.ROOT))) {
                try {
                    present(attempt);
                } catch (AuthenticationException e) {
                    seen.append(e.getMessage()).append(e);
                }
            }
            store.revoke("planted");
            try {
                present(created.key());
            } catch (AuthenticationException e) {
                seen.append(e.getMessage());
            }
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
            root.removeHandler(handler);
            root.setLevel(level);
        }
        records.forEach(
                r -> seen.append(r.getMessage()).append(r.getParameters() == null ? "" : List.of(r.getParameters())));
        seen.append(out.toString(StandardCharsets.UTF_8));
        var secret = created.key().substring("ghk_".length() + 17);
        assertThat(seen.toString())
                .contains("planted")
                .doesNotContain(created.key())
                .doesNotContain(secret);
        assertThat(created.toString()).contains("***");

        var file = new String(Files.readAllBytes(db.file()), StandardCharsets.ISO_8859_1)
                + readIfExists(Path.of(db.file() + "-wal"));
        assertThat(file).doesNotContain(secret).doesNotContain(created.key());
    }

    private static String readIfExists(Path p) throws Exception {
        return Files.exists(p) ? new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1) : "";
    }
}

package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.auth.AuthenticationException;
import dev.gatehouse.api.auth.Credentials;
import dev.gatehouse.api.gateway.RequestContext;
import dev.gatehouse.auth.ApiKeyStore;
import dev.gatehouse.auth.AuthConfig;
import dev.gatehouse.auth.Authenticators;
import dev.gatehouse.storage.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gatehouse keys create|list|revoke against a temp home, checked by authenticating with the printed key. */
class KeysCommandTest {

    @TempDir
    Path tmp;

    CliRun cli;
    Path home;

    @BeforeEach
    void setUp() {
        home = tmp.resolve("home");
        cli = new CliRun(home);
    }

    String authenticate(String key) {
        try (var db = Database.open(home.resolve("data/gatehouse.db"))) {
            var store = ApiKeyStore.sqlite(db, Clock.systemUTC(), new SecureRandom());
            return Authenticators.from(AuthConfig.defaults(), store, Clock.systemUTC())
                    .authenticate(new Credentials.ApiKey(key), new RequestContext(Instant.now(), "local", "cli"))
                    .id();
        }
    }

    @Test
    void createPrintsTheKeyOnceWithAWarningAndTheKeyWorks() throws Exception {
        var created = cli.run(
                "keys",
                "create",
                "--name",
                "ci-bot",
                "--scopes",
                "crm:read, crm:write",
                "--expires",
                "30d",
                "--unknown-scopes");
        assertThat(created.exitCode()).as(created.all()).isZero();
        var key = created.out().strip();
        assertThat(key).matches("ghk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}");
        assertThat(created.err()).contains("shown only this once").contains("crm:read, crm:write");
        assertThat(authenticate(key)).isEqualTo("key:ci-bot");
        assertThat(Files.exists(home.resolve("data/gatehouse.db"))).isTrue();

        var list = cli.run("keys", "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("ci-bot").contains("active").contains("crm:read,crm:write");
        var expires = Instant.now().plus(30, ChronoUnit.DAYS).toString().substring(0, 10);
        assertThat(list.out()).contains(expires);

        var json = cli.run("keys", "list", "--json");
        JsonNode parsed = Render.JSON.readTree(json.out());
        // The first run's admin key, then this one.
        assertThat(parsed).hasSize(2);
        assertThat(parsed.get(0).get("name").asText()).isEqualTo("admin");
        assertThat(parsed.get(1).get("name").asText()).isEqualTo("ci-bot");
        assertThat(parsed.get(1).get("scopes")).hasSize(2);
        assertThat(parsed.get(1).get("last_used").asText()).isNotBlank();

        var secret = key.substring("ghk_".length() + 17);
        var audit = AuditText.raw(home);
        assertThat(audit).contains("keys.created").contains("ci-bot");
        for (var text : new String[] {list.all(), json.all(), audit, created.err()}) {
            assertThat(text).doesNotContain(secret);
        }
    }

    @Test
    void revokeStopsTheKeyAndListShowsIt() {
        var key = cli.run("keys", "create", "--name", "temp", "--scopes", "files:read")
                .out()
                .strip();
        var revoked = cli.run("keys", "revoke", "temp");
        assertThat(revoked.exitCode()).as(revoked.all()).isZero();
        try {
            authenticate(key);
            throw new AssertionError("a revoked key authenticated");
        } catch (AuthenticationException e) {
            assertThat(e.reason()).isEqualTo(AuthenticationException.Reason.REVOKED);
        }
        assertThat(cli.run("keys", "list").out()).contains("revoked");
        var again = cli.run("keys", "revoke", "temp");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("no active API key");
    }

    @Test
    void unknownAndEmptyScopesAreRefusedWithTheNearestKnownOne() {
        var typo = cli.run("keys", "create", "--name", "reader", "--scopes", "file:read");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err())
                .contains("'file:read' (did you mean 'files:read'?)")
                .contains("--unknown-scopes");
        assertThat(typo.out()).isEmpty();
        var empty = cli.run("keys", "create", "--name", "reader", "--scopes", " , ");
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("names no scope");
        var later = cli.run("keys", "create", "--name", "crm-bot", "--scopes", "crm:read", "--unknown-scopes");
        assertThat(later.exitCode()).as(later.all()).isZero();
        assertThat(cli.run("keys", "list").out()).doesNotContain("reader").contains("crm-bot");
    }

    @Test
    void badInputIsRefusedWithoutCreatingAnything() {
        var badName = cli.run("keys", "create", "--name", "Bad Name", "--scopes", "files:read");
        assertThat(badName.exitCode()).isEqualTo(2);
        assertThat(badName.err()).contains("must match");
        var badScope = cli.run("keys", "create", "--name", "ok", "--scopes", "everything");
        assertThat(badScope.exitCode()).isEqualTo(2);
        assertThat(badScope.err()).contains("namespace:permission");
        var badExpiry = cli.run("keys", "create", "--name", "ok", "--scopes", "files:read", "--expires", "soon");
        assertThat(badExpiry.exitCode()).isEqualTo(2);
        assertThat(badExpiry.err()).contains("30d");
        cli.run("keys", "create", "--name", "dup", "--scopes", "files:read");
        var dup = cli.run("keys", "create", "--name", "dup", "--scopes", "files:read");
        assertThat(dup.exitCode()).isEqualTo(1);
        assertThat(dup.out()).isEmpty();
        assertThat(cli.run("keys", "list").out()).contains("dup").doesNotContain("ok ");
    }

    @Test
    void aFirstCommandSetsTheHomeUpAsServeDoesAndShowsTheAdminKeyOnce() throws Exception {
        var list = cli.run("keys", "list");
        assertThat(list.exitCode()).as(list.all()).isZero();
        assertThat(list.out()).contains("admin").contains("active");
        assertThat(list.err()).contains("first run: created " + home).containsPattern("ghk_[0-9a-f]{16}_");
        assertThat(home.resolve("gatehouse.yaml"))
                .content()
                .contains("builtins:")
                .contains("${workspace}");
        var again = cli.run("keys", "list");
        assertThat(again.err()).doesNotContain("first run").doesNotContain("ghk_");
        // The admin key it printed works.
        var key = java.util.regex.Pattern.compile("ghk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}")
                .matcher(list.err());
        assertThat(key.find()).isTrue();
        assertThat(authenticate(key.group())).isEqualTo("key:admin");
    }

    @Test
    void anEmptyListSaysHowToCreateAKey() {
        cli.run("keys", "list");
        assertThat(cli.run("keys", "revoke", "admin").exitCode()).isZero();
        var list = cli.run("keys", "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("gatehouse keys create");
    }
}

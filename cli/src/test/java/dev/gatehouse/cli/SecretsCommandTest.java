package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.GatehouseHome;
import dev.gatehouse.plugins.testing.PluginTree;
import dev.gatehouse.vault.SecretValue;
import dev.gatehouse.vault.VaultConfig;
import dev.gatehouse.vault.VaultEnvironment;
import dev.gatehouse.vault.Vaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gatehouse secrets set|list|remove on a real home with the encrypted file vault. */
class SecretsCommandTest {

    static final String CANARY = "cli-canary-3b9d0f6a21";

    @TempDir
    Path tmp;

    Path home;
    CliRun cli;
    String masterKey;
    final List<String> seen = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        home = tmp.resolve("home");
        Files.createDirectories(home);
        Files.writeString(home.resolve("gatehouse.yaml"), "vault: {backend: file}\n");
        var key = new byte[32];
        new SecureRandom().nextBytes(key);
        masterKey = HexFormat.of().formatHex(key);
        cli = new CliRun(home).withMasterKey(masterKey);
        install(PluginTree.named("crm")
                .secret("ACME_CRM_TOKEN")
                .secret("ACME_CRM_SIGNING")
                .env("ACME_CRM_URL"));
        install(PluginTree.named("mail").secret("MAIL_PASSWORD"));
    }

    void install(PluginTree tree) {
        var dir = tree.writeTo(tmp.resolve(tree.toString().hashCode() + "-" + System.nanoTime()));
        var installed = cli.run("plugins", "install", "--yes", dir.toString());
        assertThat(installed.exitCode()).as(installed.all()).isZero();
    }

    CliRun.Result run(CliRun runner, String... args) {
        var result = runner.run(args);
        seen.add(result.all());
        return result;
    }

    String stored(String plugin, String name) {
        var env = new VaultEnvironment(Optional.of(masterKey), new SecureRandom(), false, n -> {});
        try (var vault = Vaults.open(new GatehouseHome(home), new VaultConfig(VaultConfig.Backend.FILE), env)) {
            return vault.get(plugin, name).map(SecretValue::reveal).orElse("<unset>");
        }
    }

    @Test
    void setReadsAPipedValueAndListShowsNamesNeverValues() throws Exception {
        var set = run(cli.piping(CANARY + "\n"), "secrets", "set", "crm", "ACME_CRM_TOKEN");
        assertThat(set.exitCode()).as(set.all()).isZero();
        assertThat(set.out()).contains("set crm/ACME_CRM_TOKEN");
        assertThat(stored("crm", "ACME_CRM_TOKEN")).isEqualTo(CANARY);

        var list = run(cli, "secrets", "list");
        assertThat(list.exitCode()).as(list.all()).isZero();
        assertThat(list.out().lines())
                .anySatisfy(l -> assertThat(l).contains("crm", "ACME_CRM_TOKEN", "set", "crm 1.0.0"))
                .anySatisfy(l -> assertThat(l).contains("crm", "ACME_CRM_SIGNING", "unset"))
                .anySatisfy(l -> assertThat(l).contains("mail", "MAIL_PASSWORD", "unset", "mail 1.0.0"))
                .noneSatisfy(l -> assertThat(l).contains("ACME_CRM_URL"));
        var json = run(cli, "secrets", "list", "--json");
        var parsed = Render.JSON.readTree(json.out());
        assertThat(parsed).hasSize(3);
        assertThat(parsed.get(0).get("set").asBoolean()).isFalse();
        assertThat(parsed.get(1).get("name").asText()).isEqualTo("ACME_CRM_TOKEN");
        assertThat(parsed.get(1).get("set").asBoolean()).isTrue();

        var audit = AuditText.raw(home);
        assertThat(audit).contains("\"secret.set\"").contains("ACME_CRM_TOKEN").contains("cli:tester");
        seen.add(audit);
        assertThat(seen).allSatisfy(text -> assertThat(text).doesNotContain(CANARY));
    }

    @Test
    void setAtAPromptAsksTwiceAndStoresNothingWhenTheEntriesDiffer() {
        var differ = run(cli.answering(CANARY + "\nsomething-else\n"), "secrets", "set", "mail", "MAIL_PASSWORD");
        assertThat(differ.exitCode()).isEqualTo(1);
        assertThat(differ.err()).contains("differ");
        assertThat(stored("mail", "MAIL_PASSWORD")).isEqualTo("<unset>");

        var same = run(cli.answering(CANARY + "\n" + CANARY + "\n"), "secrets", "set", "mail", "MAIL_PASSWORD");
        assertThat(same.exitCode()).as(same.all()).isZero();
        assertThat(same.err()).contains("input hidden");
        assertThat(stored("mail", "MAIL_PASSWORD")).isEqualTo(CANARY);
        assertThat(seen).allSatisfy(text -> assertThat(text).doesNotContain(CANARY));
    }

    @Test
    void aValueOnTheCommandLineIsRefusedWithoutRepeatingIt() {
        for (var args : List.of(
                List.of("secrets", "set", "crm", "ACME_CRM_TOKEN", CANARY),
                List.of("secrets", "set", "crm", "ACME_CRM_TOKEN", "--value=" + CANARY),
                List.of("secrets", "set", "crm", "ACME_CRM_TOKEN", "--value", CANARY))) {
            var refused = run(cli.piping("piped\n"), args.toArray(String[]::new));
            assertThat(refused.exitCode()).isEqualTo(2);
            assertThat(refused.err()).contains("never taken from the command line");
        }
        assertThat(stored("crm", "ACME_CRM_TOKEN")).isEqualTo("<unset>");
        assertThat(seen).allSatisfy(text -> assertThat(text).doesNotContain(CANARY));
    }

    @Test
    void aNameThePluginDoesNotDeclareAsSecretIsRefused() {
        var plain = run(cli.piping(CANARY), "secrets", "set", "crm", "ACME_CRM_URL");
        assertThat(plain.exitCode()).isEqualTo(2);
        assertThat(plain.err())
                .contains("does not declare a secret named 'ACME_CRM_URL'")
                .contains("ACME_CRM_SIGNING, ACME_CRM_TOKEN");
        var otherPlugins = run(cli.piping(CANARY), "secrets", "set", "crm", "MAIL_PASSWORD");
        assertThat(otherPlugins.exitCode()).isEqualTo(2);
        var notInstalled = run(cli.piping(CANARY), "secrets", "set", "billing", "TOKEN");
        assertThat(notInstalled.exitCode()).isEqualTo(1);
        assertThat(notInstalled.err()).contains("not installed");
        var host = run(cli.piping(CANARY), "secrets", "set", "gatehouse", "AUDIT_SIGNING_KEY");
        assertThat(host.exitCode()).isNotZero();
        // Nothing refused was stored (the vault exists: the audit log keeps its checkpoint key there).
        assertThat(run(cli, "secrets", "list").out()).doesNotContain("ACME_CRM_URL", " set ");
        assertThat(seen).allSatisfy(text -> assertThat(text).doesNotContain(CANARY));
    }

    @Test
    void emptyInputIsRefused() {
        var empty = run(cli.piping(""), "secrets", "set", "crm", "ACME_CRM_TOKEN");
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("no value on standard input");
        var newlineOnly = run(cli.piping("\n"), "secrets", "set", "crm", "ACME_CRM_TOKEN");
        assertThat(newlineOnly.exitCode()).isEqualTo(2);
        assertThat(run(cli, "secrets", "list").out()).contains("ACME_CRM_TOKEN").doesNotContain(" set ");
    }

    @Test
    void removeDeletesTheValueAndIsAudited() throws Exception {
        run(cli.piping(CANARY), "secrets", "set", "crm", "ACME_CRM_TOKEN");
        var removed = run(cli, "secrets", "remove", "crm", "ACME_CRM_TOKEN");
        assertThat(removed.exitCode()).as(removed.all()).isZero();
        assertThat(stored("crm", "ACME_CRM_TOKEN")).isEqualTo("<unset>");
        assertThat(run(cli, "secrets", "list").out().lines())
                .anySatisfy(l -> assertThat(l).contains("ACME_CRM_TOKEN", "unset"));
        var again = run(cli, "secrets", "remove", "crm", "ACME_CRM_TOKEN");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("no secret 'crm'/'ACME_CRM_TOKEN' is stored");
        var badName = run(cli, "secrets", "remove", "crm", "lower");
        assertThat(badName.exitCode()).isEqualTo(2);

        var audit = AuditText.raw(home);
        assertThat(audit).contains("\"secret.removed\"");
        seen.add(audit);
        assertThat(seen).allSatisfy(text -> assertThat(text).doesNotContain(CANARY));
    }

    @Test
    void aWrongMasterKeyIsAClearErrorThatLeavesTheVaultAlone() throws Exception {
        run(cli.piping(CANARY), "secrets", "set", "crm", "ACME_CRM_TOKEN");
        var before = Files.readAllBytes(home.resolve(Vaults.VAULT_FILE));
        var wrong = new CliRun(home).withMasterKey("ab".repeat(32));
        var list = run(wrong, "secrets", "list");
        assertThat(list.exitCode()).isEqualTo(1);
        assertThat(list.err()).contains("master key does not open the vault file " + home.resolve("vault.enc"));
        var set = run(wrong.piping("other"), "secrets", "set", "crm", "ACME_CRM_SIGNING");
        assertThat(set.exitCode()).isEqualTo(1);
        assertThat(Files.readAllBytes(home.resolve(Vaults.VAULT_FILE))).isEqualTo(before);
        assertThat(seen).allSatisfy(text -> assertThat(text).doesNotContain(CANARY, masterKey));
    }

    @Test
    void listOnAFreshHomeSaysSoAndAnOrphanShowsAsUndeclared() {
        var fresh = new CliRun(tmp.resolve("fresh")).withMasterKey(masterKey);
        assertThat(fresh.run("secrets", "list").out()).contains("No plugin declares a secret");

        run(cli.piping(CANARY), "secrets", "set", "mail", "MAIL_PASSWORD");
        assertThat(run(cli, "plugins", "remove", "mail").exitCode()).isZero();
        assertThat(run(cli, "secrets", "list").out().lines())
                .anySatisfy(l -> assertThat(l).contains("mail", "MAIL_PASSWORD", "set", "nobody"));
    }

    @Test
    void inspectAndEnableWarnAboutDeclaredSecretsThatAreNotSet() {
        run(cli.piping(CANARY), "secrets", "set", "crm", "ACME_CRM_TOKEN");
        var inspect = run(cli, "plugins", "inspect", "crm");
        assertThat(inspect.exitCode()).as(inspect.all()).isZero();
        assertThat(inspect.err())
                .contains("crm declares the secret ACME_CRM_SIGNING, which is not set;"
                        + " set it with: gatehouse secrets set crm ACME_CRM_SIGNING")
                .doesNotContain("ACME_CRM_TOKEN");
        var enable = run(cli, "plugins", "enable", "--yes", "mail");
        assertThat(enable.exitCode()).as(enable.all()).isZero();
        assertThat(enable.err()).contains("mail declares the secret MAIL_PASSWORD, which is not set");

        var wrongKey = run(new CliRun(home).withMasterKey("cd".repeat(32)), "plugins", "inspect", "crm");
        assertThat(wrongKey.exitCode()).isZero();
        assertThat(wrongKey.err()).contains("warning: cannot check the secrets crm declares: the master key");
        assertThat(seen).allSatisfy(text -> assertThat(text).doesNotContain(CANARY));
    }
}

package dev.gatehouse.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.GatehouseHome;
import dev.gatehouse.redaction.RedactorRegistry;
import dev.gatehouse.redaction.SecretRedactor;
import dev.gatehouse.testing.RecordingAuditSink;
import dev.gatehouse.vault.SecretEntry;
import dev.gatehouse.vault.SecretValue;
import dev.gatehouse.vault.Vault;
import dev.gatehouse.vault.VaultConfig;
import dev.gatehouse.vault.VaultEnvironment;
import dev.gatehouse.vault.Vaults;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keeper reads the vault in batches: one read for a call's declared secrets, one listing and
 * one read for a redactor rebuild, however many secrets there are. Reads are counted at the vault
 * contract, in front of a real AES-GCM file vault.
 */
class SecretKeeperTest {

    @TempDir
    Path tmp;

    Path home;
    Vault real;
    CountingVault vault;
    RecordingAuditSink audit = new RecordingAuditSink();
    RedactorRegistry redactors = new RedactorRegistry(SecretRedactor.patternsOnly());

    @BeforeEach
    void openARealFileVault() {
        home = tmp.resolve("home");
        real = Vaults.open(
                new GatehouseHome(home),
                new VaultConfig(VaultConfig.Backend.FILE),
                VaultEnvironment.of(Optional.of("cd".repeat(32)), n -> {}).withoutOsStore());
        vault = new CountingVault(real);
        real.set("crm", "CRM_TOKEN", secret("CANARY-crm-token-3b91d0"));
        real.set("crm", "CRM_SIGNING", secret("CANARY-crm-signing-77e2"));
        real.set("crm", "CRM_WEBHOOK", secret("CANARY-crm-webhook-a04c"));
        real.set("mail", "MAIL_TOKEN", secret("CANARY-mail-token-5d18"));
    }

    @AfterEach
    void closeTheVault() {
        real.close();
    }

    SecretKeeper keeper() {
        return new SecretKeeper(vault, List.of(home.resolve(Vaults.VAULT_FILE)), redactors, audit, Clock.systemUTC());
    }

    @Test
    void aCallWithSeveralDeclaredSecretsReadsTheVaultOnce() {
        var keeper = keeper();
        vault.reset();

        var values = keeper.resolve("crm", List.of("CRM_TOKEN", "CRM_SIGNING", "CRM_WEBHOOK"), "key:alice");

        assertThat(vault.batches).hasSize(1);
        assertThat(vault.batches.getFirst()).hasSize(3);
        assertThat(vault.singleGets).isZero();
        assertThat(vault.listings).isZero();
        assertThat(values)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "CRM_TOKEN", "CANARY-crm-token-3b91d0",
                        "CRM_SIGNING", "CANARY-crm-signing-77e2",
                        "CRM_WEBHOOK", "CANARY-crm-webhook-a04c"));
    }

    @Test
    void aDeclaredSecretThatIsNotSetIsLeftOutOfTheGrantAndTheAuditRecord() {
        var keeper = keeper();

        var values = keeper.resolve("crm", List.of("CRM_TOKEN", "CRM_NOT_SET"), "key:alice");

        assertThat(values).containsOnlyKeys("CRM_TOKEN");
        assertThat(audit.events()).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("secret.access");
            assertThat(e.principal()).isEqualTo("key:alice");
            assertThat(e.fields()).containsEntry("plugin", "crm").containsEntry("names", List.of("CRM_TOKEN"));
        });
        assertThat(audit.events().toString()).doesNotContain("CANARY-");
    }

    @Test
    void aRedactorRebuildIsOneListingAndOneBatchedReadOfTheWholeVault() {
        keeper(); // builds the redactor at start
        assertThat(vault.listings).isEqualTo(1);
        assertThat(vault.batches).singleElement().satisfies(b -> assertThat(b).hasSize(4));
        assertThat(vault.singleGets).isZero();

        var redacted = redactors
                .current()
                .redact("a CANARY-crm-token-3b91d0 b CANARY-mail-token-5d18 c CANARY-crm-webhook-a04c");
        assertThat(redacted).doesNotContain("CANARY-").contains("[REDACTED:CRM_TOKEN]", "[REDACTED:MAIL_TOKEN]");
    }

    @Test
    void aSecretSetWhileServingIsRedactedBeforeTheCallThatReceivesItAndTheVaultIsReadInBatches() {
        var keeper = keeper();
        real.set("crm", "CRM_LATER", secret("CANARY-set-later-0f3e"));
        vault.reset();

        var values = keeper.resolve("crm", List.of("CRM_LATER"), "key:alice");

        assertThat(values).containsEntry("CRM_LATER", "CANARY-set-later-0f3e");
        assertThat(vault.listings).isEqualTo(1);
        assertThat(vault.batches).hasSize(2); // the rebuild, then the grant
        assertThat(vault.singleGets).isZero();
        assertThat(keeper.redactor().redact("x CANARY-set-later-0f3e y")).doesNotContain("CANARY-");
    }

    @Test
    void anUnchangedVaultIsNotReadAgainForTheRedactor() {
        var keeper = keeper();
        keeper.resolve("crm", List.of("CRM_TOKEN"), "key:alice");
        vault.reset();

        keeper.resolve("crm", List.of("CRM_TOKEN"), "key:alice");

        assertThat(vault.listings).isZero();
        assertThat(vault.batches).hasSize(1);
    }

    @Test
    void aPluginNeverReceivesAnotherPluginsSecretOfTheSameName() {
        real.set("mail", "CRM_TOKEN", secret("CANARY-mail-has-crm-name-41aa"));
        var keeper = keeper();

        var values = keeper.resolve("crm", List.of("CRM_TOKEN", "MAIL_TOKEN"), "key:alice");

        assertThat(values).containsExactly(Map.entry("CRM_TOKEN", "CANARY-crm-token-3b91d0"));
    }

    @Test
    void noDeclaredSecretsMeansNoVaultReadAndNoAuditRecord() {
        var keeper = keeper();
        vault.reset();
        var before = audit.events().size();

        assertThat(keeper.resolve("crm", List.of(), "key:alice")).isEmpty();

        assertThat(vault.batches).isEmpty();
        assertThat(vault.listings).isZero();
        assertThat(audit.events()).hasSize(before);
    }

    static SecretValue secret(String text) {
        return SecretValue.copyOf(text.toCharArray());
    }

    /** The real vault, with each kind of read counted. */
    static final class CountingVault implements Vault {
        private final Vault real;
        final List<List<SecretEntry>> batches = new CopyOnWriteArrayList<>();
        int singleGets;
        int listings;

        CountingVault(Vault real) {
            this.real = real;
        }

        void reset() {
            batches.clear();
            singleGets = 0;
            listings = 0;
        }

        @Override
        public void set(String plugin, String name, SecretValue value) {
            real.set(plugin, name, value);
        }

        @Override
        public Optional<SecretValue> get(String plugin, String name) {
            singleGets++;
            return real.get(plugin, name);
        }

        @Override
        public Map<SecretEntry, SecretValue> getAll(Collection<SecretEntry> entries) {
            batches.add(new ArrayList<>(entries));
            return real.getAll(entries);
        }

        @Override
        public boolean remove(String plugin, String name) {
            return real.remove(plugin, name);
        }

        @Override
        public List<SecretEntry> list() {
            listings++;
            return real.list();
        }

        @Override
        public String backend() {
            return real.backend();
        }
    }
}

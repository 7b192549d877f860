package dev.gatehouse.vault;

import static dev.gatehouse.vault.VaultFixture.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.vault.VaultFileFormat.StoredEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Vault#getAll}: one read and one decryption pass of the vault file for a whole batch. */
class BatchedReadTest {

    @TempDir
    Path tmp;

    final AtomicInteger reads = new AtomicInteger();
    final SecureRandom random = new SecureRandom();
    final String masterKey = VaultFixture.randomKeyHex();
    FileVault vault;

    @BeforeEach
    void openAVaultThatCountsItsFileReads() throws Exception {
        var home = Files.createDirectories(tmp.resolve("home"));
        var keys = new MasterKeySource(
                Optional.of(masterKey),
                home.resolve(Vaults.KEY_FILE),
                Optional::empty,
                "gatehouse:" + home,
                random,
                notice -> {});
        vault = new FileVault(home.resolve(Vaults.VAULT_FILE), keys, random, "under test", file -> {
            reads.incrementAndGet();
            return Files.readAllBytes(file);
        });
    }

    @Test
    void aBatchOfSecretsIsReadFromTheFileOnceWithEveryValueRight() {
        vault.set("crm", "TOKEN", secret("crm-token-1"));
        vault.set("crm", "BASE_SECRET", secret("crm-base-2"));
        vault.set("crm", "THIRD", secret("crm-third-3"));
        vault.set("mail", "TOKEN", secret("mail-token-4"));
        reads.set(0);

        var values = vault.getAll(List.of(
                new SecretEntry("crm", "TOKEN"),
                new SecretEntry("crm", "BASE_SECRET"),
                new SecretEntry("crm", "THIRD")));

        assertThat(reads).hasValue(1);
        assertThat(revealed(values))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "crm/TOKEN", "crm-token-1", "crm/BASE_SECRET", "crm-base-2", "crm/THIRD", "crm-third-3"));
    }

    @Test
    void aNameThatIsNotSetIsLeftOutAsGetLeavesItEmpty() {
        vault.set("crm", "TOKEN", secret("crm-token-1"));
        vault.set("mail", "UNASKED", secret("mail-only"));
        reads.set(0);

        var values = vault.getAll(List.of(new SecretEntry("crm", "TOKEN"), new SecretEntry("crm", "NOT_SET")));

        assertThat(reads).hasValue(1);
        assertThat(revealed(values)).containsOnlyKeys("crm/TOKEN");
        assertThat(vault.get("crm", "NOT_SET")).isEmpty();
    }

    @Test
    void theWholeVaultForTheRedactorIsOneListingAndOneBatchedRead() {
        for (int i = 0; i < 12; i++) {
            vault.set("crm", "KEY_" + i, secret("value-" + i));
        }
        reads.set(0);

        var values = vault.getAll(vault.list());

        assertThat(reads).hasValue(2);
        assertThat(values).hasSize(12);
        assertThat(values.get(new SecretEntry("crm", "KEY_7")).reveal()).isEqualTo("value-7");
    }

    @Test
    void anEmptyBatchAndAMissingFileReadNothingAndReturnNothing() {
        assertThat(vault.getAll(List.of())).isEmpty();
        assertThat(reads).hasValue(0);
        assertThat(vault.getAll(List.of(new SecretEntry("crm", "TOKEN")))).isEmpty();
        assertThat(Files.exists(vault.file())).isFalse();
    }

    @Test
    void anotherPluginsEntryIsNeverInTheBatchOfAName() {
        vault.set("mail", "TOKEN", secret("mail-token"));
        assertThat(vault.getAll(List.of(new SecretEntry("crm", "TOKEN")))).isEmpty();
    }

    @Test
    void anEntryThatFailsAuthenticationFailsTheBatchWithoutShowingAnyValue() throws Exception {
        vault.set("crm", "A_GOOD", secret("good-value-5c1e"));
        // Re-seal the file with a garbage ciphertext for B_BAD: the file's own integrity check
        // passes, so only the entry's authentication can catch it.
        var key = HexFormat.of().parseHex(masterKey);
        var opened = VaultFileFormat.decode(vault.file(), Files.readAllBytes(vault.file()), key, random);
        var entries = new ArrayList<>(opened.entries());
        var bad = new SecretEntry("crm", "B_BAD");
        entries.add(new StoredEntry(bad, opened.crypto().freshNonce(), new byte[32]));
        var sealed = VaultFileFormat.encode(opened.salt(), opened.crypto(), entries);
        PrivateFiles.replace(vault.file(), sealed, random);

        assertThatThrownBy(() -> vault.getAll(List.of(new SecretEntry("crm", "A_GOOD"), bad)))
                .isInstanceOfSatisfying(VaultException.class, e -> {
                    assertThat(e.reason()).isEqualTo(VaultException.Reason.CORRUPTED);
                    assertThat(e.getMessage()).contains("crm/B_BAD").doesNotContain("good-value-5c1e");
                });
    }

    @Test
    void theMapOfValuesNeverShowsAValue() {
        vault.set("crm", "TOKEN", secret("never-printed-9a7d"));
        var values = vault.getAll(List.of(new SecretEntry("crm", "TOKEN")));
        assertThat(values.toString()).contains("crm/TOKEN").doesNotContain("never-printed-9a7d");
    }

    private static Map<String, String> revealed(Map<SecretEntry, SecretValue> values) {
        var out = new java.util.HashMap<String, String>();
        values.forEach((entry, value) -> out.put(entry.toString(), value.reveal()));
        return out;
    }
}

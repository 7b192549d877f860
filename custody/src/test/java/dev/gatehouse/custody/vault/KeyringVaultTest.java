package dev.gatehouse.custody.vault;

import static dev.gatehouse.custody.vault.VaultFixture.reveal;
import static dev.gatehouse.custody.vault.VaultFixture.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatehouse.config.GatehouseHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OS credential store backend against the real store of this machine, where there is one. */
class KeyringVaultTest {

    @TempDir
    Path tmp;

    @Test
    void valuesRoundTripThroughTheOsCredentialStore() throws Exception {
        var probe = JavaKeyringStore.probe();
        probe.store().ifPresent(OsStore::close);
        assumeTrue(
                probe.store().isPresent(),
                "skipped: no OS credential store is reachable from this process (" + probe.whyNot()
                        + "); on Linux this needs a D-Bus session with a Secret Service such as gnome-keyring");

        var home = new GatehouseHome(tmp.resolve("home"));
        var env = VaultEnvironment.of(Optional.empty(), n -> {});
        try (var vault = Vaults.open(home, new VaultConfig(VaultConfig.Backend.KEYRING), env)) {
            try {
                assertThat(vault.backend()).startsWith("OS credential store");
                vault.set("crm", "TOKEN", secret("keyring-value-1"));
                vault.set("mail", "TOKEN", secret("keyring-value-2"));
                vault.set("crm", "TOKEN", secret("keyring-value-3"));
                assertThat(reveal(vault, "crm", "TOKEN")).isEqualTo("keyring-value-3");
                assertThat(reveal(vault, "mail", "TOKEN")).isEqualTo("keyring-value-2");
                assertThat(vault.get("other", "TOKEN")).isEmpty();
                assertThat(vault.list())
                        .containsExactly(new SecretEntry("crm", "TOKEN"), new SecretEntry("mail", "TOKEN"));
                var index = home.root().resolve(Vaults.KEYRING_INDEX);
                assertThat(Files.readString(index)).doesNotContain("keyring-value");
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(index)))
                        .isEqualTo("rw-------");
            } finally {
                vault.remove("crm", "TOKEN");
                vault.remove("mail", "TOKEN");
            }
            assertThat(vault.get("crm", "TOKEN")).isEmpty();
            assertThat(vault.list()).isEmpty();
        }
    }
}

package dev.gatehouse.vault;

import static dev.gatehouse.vault.VaultFixture.reveal;
import static dev.gatehouse.vault.VaultFixture.secret;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.GatehouseHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The keyring backend's round trip, run in the test JVM when it reaches an OS store, or as the main
 * of a child JVM inside a private D-Bus session with its own GNOME Keyring: {@code HOME_DIR}.
 */
final class KeyringRoundTrip {

    private KeyringRoundTrip() {}

    public static void main(String[] args) throws Exception {
        run(Path.of(args[0]));
        System.out.println("keyring round trip ok");
    }

    static void run(Path homeDir) throws Exception {
        var home = new GatehouseHome(homeDir);
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
                var batch = vault.getAll(java.util.List.of(
                        new SecretEntry("crm", "TOKEN"),
                        new SecretEntry("mail", "TOKEN"),
                        new SecretEntry("crm", "UNSET")));
                assertThat(batch).containsOnlyKeys(new SecretEntry("crm", "TOKEN"), new SecretEntry("mail", "TOKEN"));
                assertThat(batch.get(new SecretEntry("mail", "TOKEN")).reveal()).isEqualTo("keyring-value-2");
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
            assertThat(vault.remove("crm", "TOKEN")).isFalse();
            assertThat(vault.list()).isEmpty();
        }
        // auto keeps using the keyring once its index exists.
        try (var vault = Vaults.open(home, VaultConfig.defaults(), env)) {
            assertThat(vault.backend()).startsWith("OS credential store");
        }
    }
}

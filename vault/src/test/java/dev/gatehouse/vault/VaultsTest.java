package dev.gatehouse.vault;

import static dev.gatehouse.vault.VaultFixture.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.GatehouseHome;
import dev.gatehouse.config.OperatorConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing the backend from gatehouse.yaml and from what is already on disk. */
class VaultsTest {

    @TempDir
    Path tmp;

    static VaultConfig parse(String yaml) {
        return new OperatorConfigLoader(Path.of("."), List.of(VaultConfig.SECTION))
                .parse("gatehouse.yaml", yaml.getBytes(StandardCharsets.UTF_8))
                .section(VaultConfig.SECTION);
    }

    static VaultEnvironment noOsStore(String key) {
        return new VaultEnvironment(Optional.of(key), new SecureRandom(), false, n -> {});
    }

    @Test
    void theSectionReadsEachBackendAndDefaultsToAuto() {
        assertThat(parse("vault: {backend: file}\n").backend()).isEqualTo(VaultConfig.Backend.FILE);
        assertThat(parse("vault: {backend: keyring}\n").backend()).isEqualTo(VaultConfig.Backend.KEYRING);
        assertThat(parse("vault: {backend: auto}\n").backend()).isEqualTo(VaultConfig.Backend.AUTO);
        assertThat(parse("vault: {}\n").backend()).isEqualTo(VaultConfig.Backend.AUTO);
        assertThat(parse("plugins: {}\n").backend()).isEqualTo(VaultConfig.Backend.AUTO);
    }

    @Test
    void theSectionReportsUnknownKeysAndBackends() {
        assertThatThrownBy(() -> parse("vault: {backend: vaultwarden, backnd: file}\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .hasSize(2)
                        .anySatisfy(p -> assertThat(p.message()).contains("auto, file or keyring"))
                        .anySatisfy(p -> assertThat(p.message()).contains("did you mean 'backend'")));
    }

    @Test
    void autoWithoutAnOsStoreUsesTheFileAndSaysWhy() {
        var home = new GatehouseHome(tmp.resolve("home"));
        try (var vault = Vaults.open(home, VaultConfig.defaults(), noOsStore(VaultFixture.randomKeyHex()))) {
            assertThat(vault.backend())
                    .startsWith("encrypted file " + home.root().resolve(Vaults.VAULT_FILE))
                    .contains("vault.backend is auto and no OS credential store is reachable")
                    .contains("switched off");
        }
    }

    @Test
    void autoKeepsAnExistingVaultFile() {
        var home = new GatehouseHome(tmp.resolve("home"));
        var key = VaultFixture.randomKeyHex();
        try (var vault = Vaults.open(home, new VaultConfig(VaultConfig.Backend.FILE), noOsStore(key))) {
            vault.set("crm", "TOKEN", secret("v"));
        }
        // Even where an OS store is reachable, the existing file stays the vault.
        var env = VaultEnvironment.of(Optional.of(key), n -> {});
        try (var vault = Vaults.open(home, VaultConfig.defaults(), env)) {
            assertThat(vault.backend()).contains("vault.backend is auto and " + home.root() + "/vault.enc exists");
            assertThat(VaultFixture.reveal(vault, "crm", "TOKEN")).isEqualTo("v");
        }
    }

    @Test
    void anUnreachableKeyringIsAClearErrorWhenItIsRequired() throws Exception {
        var home = new GatehouseHome(tmp.resolve("home"));
        assertThatThrownBy(() -> Vaults.open(home, new VaultConfig(VaultConfig.Backend.KEYRING), noOsStore("x")))
                .isInstanceOfSatisfying(VaultException.class, e -> {
                    assertThat(e.reason()).isEqualTo(VaultException.Reason.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("none is reachable").contains("vault.backend: file");
                });
        // A vault that lives in the keyring is not silently replaced by an empty file.
        Files.createDirectories(home.root());
        Files.writeString(home.root().resolve(Vaults.KEYRING_INDEX), "crm/TOKEN\n");
        assertThatThrownBy(() -> Vaults.open(home, VaultConfig.defaults(), noOsStore("x")))
                .isInstanceOfSatisfying(
                        VaultException.class, e -> assertThat(e.reason()).isEqualTo(VaultException.Reason.UNAVAILABLE));
    }
}

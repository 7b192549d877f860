package dev.gatehouse.vault;

import dev.gatehouse.config.GatehouseHome;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A home in a temp dir with the file backend and a known master key; the OS store kept out of it. */
final class VaultFixture {

    final Path home;
    final String masterKey;
    final List<String> notices = new CopyOnWriteArrayList<>();

    VaultFixture(Path home) {
        this(home, randomKeyHex());
    }

    VaultFixture(Path home, String masterKey) {
        this.home = home;
        this.masterKey = masterKey;
    }

    static String randomKeyHex() {
        var key = new byte[32];
        new SecureRandom().nextBytes(key);
        return HexFormat.of().formatHex(key);
    }

    Vault open() {
        return open(Optional.of(masterKey));
    }

    Vault open(Optional<String> key) {
        return Vaults.open(
                new GatehouseHome(home),
                new VaultConfig(VaultConfig.Backend.FILE),
                new VaultEnvironment(key, new SecureRandom(), false, notices::add));
    }

    Path vaultFile() {
        return home.resolve(Vaults.VAULT_FILE);
    }

    static SecretValue secret(String text) {
        return SecretValue.copyOf(text.toCharArray());
    }

    static String reveal(Vault vault, String plugin, String name) {
        return vault.get(plugin, name).map(SecretValue::reveal).orElse("<unset>");
    }
}

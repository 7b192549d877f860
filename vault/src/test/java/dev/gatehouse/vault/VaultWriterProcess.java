package dev.gatehouse.vault;

import dev.gatehouse.config.GatehouseHome;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;

/** A second process writing the same vault: {@code HOME PLUGIN COUNT}, the key in GATEHOUSE_MASTER_KEY. */
final class VaultWriterProcess {

    private VaultWriterProcess() {}

    public static void main(String[] args) {
        var home = new GatehouseHome(Path.of(args[0]));
        var plugin = args[1];
        int count = Integer.parseInt(args[2]);
        var env = new VaultEnvironment(
                Optional.ofNullable(System.getenv("GATEHOUSE_MASTER_KEY")), new SecureRandom(), false, n -> {});
        try (var vault = Vaults.open(home, new VaultConfig(VaultConfig.Backend.FILE), env)) {
            for (int i = 0; i < count; i++) {
                vault.set(plugin, "K" + i, SecretValue.copyOf((plugin + "-" + i).toCharArray()));
            }
        }
        System.out.println("wrote " + count);
    }
}

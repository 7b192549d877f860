package dev.gatehouse.vault;

import dev.gatehouse.config.ConfigNode;
import dev.gatehouse.config.ConfigSection;
import java.util.Optional;

/**
 * The {@code vault} section of gatehouse.yaml:
 *
 * <pre>
 * vault:
 *   backend: auto   # auto | file | keyring
 * </pre>
 *
 * {@code auto} (the default) uses the OS credential store when one is reachable and the encrypted
 * file {@code $GATEHOUSE_HOME/vault.enc} otherwise; {@code file} and {@code keyring} insist.
 */
public record VaultConfig(Backend backend) {

    public static final ConfigSection<VaultConfig> SECTION =
            new ConfigSection<>("vault", VaultConfig.class, VaultConfig::read);

    /** Where secrets are kept. */
    public enum Backend {
        AUTO,
        FILE,
        KEYRING
    }

    public static VaultConfig defaults() {
        return new VaultConfig(Backend.AUTO);
    }

    static VaultConfig read(Optional<ConfigNode> node) {
        if (node.isEmpty()) {
            return defaults();
        }
        var map = node.get().asMap();
        if (map.isEmpty()) {
            return defaults();
        }
        map.get().allowOnly("backend");
        var backend = map.get().optional("backend").flatMap(n -> n.asWord("backend", Backend.class));
        return new VaultConfig(backend.orElse(Backend.AUTO));
    }
}

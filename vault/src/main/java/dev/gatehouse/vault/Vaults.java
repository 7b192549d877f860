package dev.gatehouse.vault;

import dev.gatehouse.config.GatehouseHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Opens the vault the configuration asks for. With {@code backend: auto} an existing vault stays
 * where it is (a vault file keeps the file backend, a keyring index the keyring), so plugging in a
 * desktop keyring never hides secrets already stored; a new vault goes to the OS credential store
 * when one is reachable and to the encrypted file otherwise.
 */
public final class Vaults {

    /** The encrypted file backend's file. */
    public static final String VAULT_FILE = "vault.enc";

    /** The file backend's key file, used when no {@code GATEHOUSE_MASTER_KEY} is set. */
    public static final String KEY_FILE = "master.key";

    /** The keyring backend's index of names. */
    public static final String KEYRING_INDEX = "vault.keyring-index";

    private Vaults() {}

    /**
     * The vault of {@code home}; close it when done.
     *
     * @throws VaultException of reason {@code UNAVAILABLE} when the configured backend cannot be reached
     */
    public static Vault open(GatehouseHome home, VaultConfig config, VaultEnvironment env) {
        var root = home.root();
        var service = "gatehouse:" + root;
        return switch (config.backend()) {
            case FILE -> file(root, env, probeOrNothing(env), "chosen because vault.backend is file");
            case KEYRING -> keyring(root, env, "chosen because vault.backend is keyring");
            case AUTO -> {
                if (Files.exists(root.resolve(VAULT_FILE))) {
                    yield file(
                            root,
                            env,
                            probeOrNothing(env),
                            "chosen because vault.backend is auto and " + root.resolve(VAULT_FILE) + " exists");
                }
                if (Files.exists(root.resolve(KEYRING_INDEX))) {
                    yield keyring(
                            root,
                            env,
                            "chosen because vault.backend is auto and " + root.resolve(KEYRING_INDEX) + " exists");
                }
                var probe = probe(env);
                if (probe.store().isPresent()) {
                    yield new KeyringVault(
                            probe.store().get(),
                            service,
                            root.resolve(KEYRING_INDEX),
                            env.random(),
                            "chosen because vault.backend is auto and an OS credential store is reachable");
                }
                yield file(
                        root,
                        env,
                        () -> Optional.empty(),
                        "chosen because vault.backend is auto and no OS credential store is reachable ("
                                + probe.whyNot() + ")");
            }
        };
    }

    private static Vault keyring(Path root, VaultEnvironment env, String why) {
        var probe = probe(env);
        var store = probe.store()
                .orElseThrow(() -> new VaultException(
                        VaultException.Reason.UNAVAILABLE,
                        null,
                        "the vault is kept in the OS credential store, but none is reachable: " + probe.whyNot()
                                + " (set vault.backend: file in gatehouse.yaml for the encrypted file)"));
        return new KeyringVault(store, "gatehouse:" + root, root.resolve(KEYRING_INDEX), env.random(), why);
    }

    private static Vault file(Path root, VaultEnvironment env, Supplier<Optional<OsStore>> osStore, String why) {
        var keys = new MasterKeySource(
                env.masterKey(), root.resolve(KEY_FILE), osStore, "gatehouse:" + root, env.random(), env.notices());
        return new FileVault(root.resolve(VAULT_FILE), keys, env.random(), why);
    }

    private static Supplier<Optional<OsStore>> probeOrNothing(VaultEnvironment env) {
        return () -> probe(env).store();
    }

    private static JavaKeyringStore.Reachability probe(VaultEnvironment env) {
        if (!env.osStoreAllowed()) {
            return new JavaKeyringStore.Reachability(
                    Optional.empty(), "the OS credential store is switched off for this process");
        }
        return JavaKeyringStore.probe();
    }
}

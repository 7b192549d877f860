package dev.gatehouse.vault;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the vault takes from outside the JVM, injected rather than read ad hoc.
 *
 * @param masterKey {@code GATEHOUSE_MASTER_KEY} as the process received it (hex or base64)
 * @param random nonces, salts and new master keys
 * @param osStoreAllowed whether the OS credential store may be probed and used; false makes every
 *     choice as if none were reachable (tests, and hosts that must never touch a desktop keyring)
 * @param notices one-line messages the operator must see, e.g. that a new master key file was made
 */
public record VaultEnvironment(
        Optional<String> masterKey, SecureRandom random, boolean osStoreAllowed, Consumer<String> notices) {

    public VaultEnvironment {
        Objects.requireNonNull(masterKey, "masterKey");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(notices, "notices");
    }

    /** The usual inputs: the given key, a strong random source, and the OS store where reachable. */
    public static VaultEnvironment of(Optional<String> masterKey, Consumer<String> notices) {
        return new VaultEnvironment(masterKey, new SecureRandom(), true, notices);
    }

    public VaultEnvironment withoutOsStore() {
        return new VaultEnvironment(masterKey, random, false, notices);
    }

    @Override
    public String toString() {
        return "VaultEnvironment[masterKey=" + (masterKey.isPresent() ? "(set)" : "(unset)") + ", osStoreAllowed="
                + osStoreAllowed + "]";
    }
}

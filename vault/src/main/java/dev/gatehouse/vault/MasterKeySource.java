package dev.gatehouse.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where the file backend's master key comes from, first found wins: {@code GATEHOUSE_MASTER_KEY},
 * the key file {@code $GATEHOUSE_HOME/master.key} (0600), the OS credential store. A new key is
 * made only on the first write to a vault that does not exist yet, and the operator is told where
 * it went: a fresh key for an existing vault would lock its secrets away for good.
 */
final class MasterKeySource {

    static final String ENV = "GATEHOUSE_MASTER_KEY";
    /** Entries use {@code plugin/NAME} accounts; this one has no slash, so it cannot collide. */
    static final String OS_ACCOUNT = "vault-master-key";

    private final Optional<String> envKey;
    private final Path keyFile;
    private final Supplier<Optional<OsStore>> osStoreProbe;
    private Optional<OsStore> osStore;
    private final String osService;
    private final SecureRandom random;
    private final Consumer<String> notices;

    MasterKeySource(
            Optional<String> envKey,
            Path keyFile,
            Supplier<Optional<OsStore>> osStore,
            String osService,
            SecureRandom random,
            Consumer<String> notices) {
        this.envKey = envKey.filter(k -> !k.isBlank());
        this.keyFile = keyFile;
        this.osStoreProbe = osStore;
        this.osService = osService;
        this.random = random;
        this.notices = notices;
    }

    /** The key, when one is configured; the caller wipes the array. */
    Optional<byte[]> existing() {
        if (envKey.isPresent()) {
            return Optional.of(MasterKeys.parse(envKey.get(), ENV));
        }
        var fromFile = readKeyFile();
        if (fromFile.isPresent()) {
            return fromFile;
        }
        return osStore()
                .flatMap(s -> s.get(osService, OS_ACCOUNT))
                .map(text -> MasterKeys.parse(text, "the master key in the OS credential store"));
    }

    /** The configured key, or a new random one stored where the operator can find it again. */
    byte[] existingOrCreate() {
        var found = existing();
        if (found.isPresent()) {
            return found.get();
        }
        var key = new byte[VaultCrypto.MASTER_KEY_BYTES];
        random.nextBytes(key);
        if (osStore().isPresent()) {
            osStore().get().set(osService, OS_ACCOUNT, MasterKeys.format(key));
            notices.accept("Created a new vault master key in the OS credential store ("
                    + osStore().get().kind() + "). Without it the vault file cannot be opened.");
            return key;
        }
        var line = MasterKeys.formatLine(key);
        try {
            // Only ever called under the vault's writer lock, so no other writer races this file.
            PrivateFiles.replace(keyFile, line, random);
        } catch (IOException e) {
            Arrays.fill(key, (byte) 0);
            throw new VaultException(
                    VaultException.Reason.IO,
                    keyFile,
                    "cannot create the master key file " + keyFile + " ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        } finally {
            Arrays.fill(line, (byte) 0);
        }
        notices.accept("Created a new vault master key in " + keyFile + " (mode 0600): no " + ENV
                + " was set and no OS credential store is reachable. Back it up apart from the vault file;"
                + " anyone who has both can read every secret.");
        return key;
    }

    /** Where the key comes from, in words; never the key. */
    String describe() {
        if (envKey.isPresent()) {
            return ENV;
        }
        if (Files.exists(keyFile)) {
            return "key file " + keyFile;
        }
        return osStore()
                .map(s -> "the OS credential store (" + s.kind() + ")")
                .orElse("key file " + keyFile + " (made on first write)");
    }

    String whereToLook() {
        return "set " + ENV + " or restore " + keyFile
                + osStore()
                        .map(s -> " or the master key in the OS credential store")
                        .orElse("");
    }

    private Optional<byte[]> readKeyFile() {
        try {
            PrivateFiles.requireOwnerOnly(keyFile, "master key file");
            if (Files.size(keyFile) > 1024) {
                throw new VaultException(
                        VaultException.Reason.CORRUPTED, keyFile, "the master key file " + keyFile + " is too large");
            }
            var bytes = Files.readAllBytes(keyFile);
            try {
                return Optional.of(
                        MasterKeys.parse(new String(bytes, StandardCharsets.US_ASCII), "the key file " + keyFile));
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new VaultException(
                    VaultException.Reason.IO,
                    keyFile,
                    "cannot read the master key file " + keyFile + " ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        }
    }

    /** Probed only when needed: reaching a desktop keyring can take a moment, and env or file may suffice. */
    private synchronized Optional<OsStore> osStore() {
        if (osStore == null) {
            osStore = osStoreProbe.get();
        }
        return osStore;
    }

    synchronized void close() {
        if (osStore != null) {
            osStore.ifPresent(OsStore::close);
        }
    }
}

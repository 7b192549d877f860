package dev.gatehouse.vault;

import dev.gatehouse.vault.VaultFileFormat.Opened;
import dev.gatehouse.vault.VaultFileFormat.StoredEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.AEADBadTagException;

/**
 * The encrypted file backend, for servers without an OS credential store. Every read opens the
 * file afresh (so another process's write is seen at once, and no plaintext outlives the call);
 * every write is a locked read-modify-write that replaces the file atomically.
 */
final class FileVault implements Vault {

    /** How the file's bytes are read: the seam through which tests count reads. */
    @FunctionalInterface
    interface FileReader {
        byte[] readAllBytes(Path file) throws IOException;
    }

    private final Path file;
    private final MasterKeySource keys;
    private final SecureRandom random;
    private final WriterLock lock;
    private final String why;
    private final FileReader reader;

    FileVault(Path file, MasterKeySource keys, SecureRandom random, String why) {
        this(file, keys, random, why, Files::readAllBytes);
    }

    FileVault(Path file, MasterKeySource keys, SecureRandom random, String why, FileReader reader) {
        this.file = file.toAbsolutePath().normalize();
        this.keys = keys;
        this.random = random;
        this.why = why;
        this.reader = reader;
        this.lock = new WriterLock(this.file.resolveSibling(this.file.getFileName() + ".lock"));
    }

    Path file() {
        return file;
    }

    @Override
    public void set(String plugin, String name, SecretValue value) {
        var address = new SecretEntry(plugin, name);
        update(opened -> {
            var plaintext = value.utf8();
            try {
                var nonce = opened.crypto().freshNonce();
                var sealed = new StoredEntry(address, nonce, opened.crypto().seal(address, nonce, plaintext));
                var entries = new ArrayList<StoredEntry>();
                opened.entries().stream()
                        .filter(e -> !e.address().equals(address))
                        .forEach(entries::add);
                entries.add(sealed);
                entries.sort((a, b) -> a.address().compareTo(b.address()));
                return Optional.of(entries);
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
        });
    }

    @Override
    public Optional<SecretValue> get(String plugin, String name) {
        var address = new SecretEntry(plugin, name);
        return Optional.ofNullable(getAll(List.of(address)).get(address));
    }

    @Override
    public Map<SecretEntry, SecretValue> getAll(Collection<SecretEntry> entries) {
        var wanted = Set.copyOf(entries);
        if (wanted.isEmpty()) {
            return Map.of();
        }
        var opened = read(false);
        if (opened.isEmpty()) {
            return Map.of();
        }
        var values = new LinkedHashMap<SecretEntry, SecretValue>();
        try {
            for (var e : opened.get().entries()) {
                if (wanted.contains(e.address())) {
                    values.put(e.address(), decrypt(opened.get(), e));
                }
            }
        } catch (RuntimeException e) {
            // A damaged entry later in the file must not leave the earlier plaintexts behind.
            values.values().forEach(SecretValue::wipe);
            throw e;
        }
        return Collections.unmodifiableMap(values);
    }

    @Override
    public boolean remove(String plugin, String name) {
        var address = new SecretEntry(plugin, name);
        if (!Files.exists(file)) {
            return false;
        }
        var removed = new boolean[1];
        update(opened -> {
            var kept = opened.entries().stream()
                    .filter(e -> !e.address().equals(address))
                    .toList();
            removed[0] = kept.size() != opened.entries().size();
            return removed[0] ? Optional.of(kept) : Optional.empty();
        });
        return removed[0];
    }

    @Override
    public List<SecretEntry> list() {
        return read(false)
                .map(o ->
                        o.entries().stream().map(StoredEntry::address).sorted().toList())
                .orElse(List.of());
    }

    @Override
    public String backend() {
        return "encrypted file " + file + " (AES-256-GCM; master key from " + keys.describe() + "); " + why;
    }

    @Override
    public void close() {
        keys.close();
    }

    /** What a write does to the entries; empty leaves the file untouched. */
    @FunctionalInterface
    private interface Change {
        Optional<List<StoredEntry>> apply(Opened opened);
    }

    private void update(Change change) {
        try {
            lock.holding(() -> {
                var opened = read(true).orElseThrow();
                var changed = change.apply(opened);
                if (changed.isPresent()) {
                    if (changed.get().size() > VaultFileFormat.MAX_ENTRIES) {
                        throw new VaultException(
                                VaultException.Reason.IO,
                                file,
                                "the vault file " + file + " holds at most " + VaultFileFormat.MAX_ENTRIES
                                        + " entries");
                    }
                    var bytes = VaultFileFormat.encode(opened.salt(), opened.crypto(), changed.get());
                    PrivateFiles.replace(file, bytes, random);
                }
                return null;
            });
        } catch (IOException e) {
            throw io("cannot write", e);
        }
    }

    /**
     * The file decoded; when it does not exist, empty, or (for a writer) a fresh empty vault under
     * the existing or a newly made master key.
     */
    private Optional<Opened> read(boolean forWriting) {
        byte[] bytes;
        try {
            if (Files.size(file) > VaultFileFormat.MAX_FILE_BYTES) {
                throw VaultFileFormat.corrupted(file, "is larger than any vault file can be");
            }
            PrivateFiles.requireOwnerOnly(file, "vault file");
            bytes = reader.readAllBytes(file);
        } catch (NoSuchFileException e) {
            if (!forWriting) {
                return Optional.empty();
            }
            var key = keys.existingOrCreate();
            try {
                var salt = new byte[VaultCrypto.SALT_BYTES];
                random.nextBytes(salt);
                return Optional.of(new Opened(salt, VaultCrypto.derive(key, salt, random), List.of()));
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        } catch (IOException e) {
            throw io("cannot read", e);
        }
        var key = keys.existing()
                .orElseThrow(() -> new VaultException(
                        VaultException.Reason.NO_MASTER_KEY,
                        file,
                        "the vault file " + file + " exists but no master key was found: " + keys.whereToLook()));
        try {
            return Optional.of(VaultFileFormat.decode(file, bytes, key, random));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private SecretValue decrypt(Opened opened, StoredEntry entry) {
        byte[] plaintext;
        try {
            plaintext = opened.crypto().open(entry.address(), entry.nonce(), entry.ciphertext());
        } catch (AEADBadTagException e) {
            throw VaultFileFormat.corrupted(file, "has an entry for " + entry.address() + " that fails authentication");
        }
        try {
            return SecretValue.fromUtf8(plaintext);
        } catch (IllegalArgumentException e) {
            throw VaultFileFormat.corrupted(file, "has an entry for " + entry.address() + " that is not text");
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private VaultException io(String what, IOException e) {
        return new VaultException(
                VaultException.Reason.IO,
                file,
                what + " the vault file " + file + " (" + e.getClass().getSimpleName() + ")",
                e);
    }
}

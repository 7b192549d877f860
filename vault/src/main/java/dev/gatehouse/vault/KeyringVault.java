package dev.gatehouse.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The OS credential store backend. Each entry is one store item: service {@code gatehouse:<home>}
 * (so two homes on one machine stay apart), account {@code plugin/NAME}. OS stores cannot list
 * items by prefix portably, so the names (never values) are also kept in an index file beside the
 * configuration; a value is always read from the store itself.
 */
final class KeyringVault implements Vault {

    private static final int MAX_INDEX_BYTES = 1024 * 1024;

    private final OsStore store;
    private final String service;
    private final Path index;
    private final SecureRandom random;
    private final WriterLock lock;
    private final String why;

    KeyringVault(OsStore store, String service, Path index, SecureRandom random, String why) {
        this.why = why;
        this.store = store;
        this.service = service;
        this.index = index.toAbsolutePath().normalize();
        this.random = random;
        this.lock = new WriterLock(this.index.resolveSibling(this.index.getFileName() + ".lock"));
    }

    static String account(SecretEntry entry) {
        return entry.plugin() + "/" + entry.name();
    }

    @Override
    public void set(String plugin, String name, SecretValue value) {
        var entry = new SecretEntry(plugin, name);
        locked(() -> {
            store.set(service, account(entry), value.reveal());
            var names = readIndex();
            if (names.add(entry)) {
                writeIndex(names);
            }
            return null;
        });
    }

    @Override
    public Optional<SecretValue> get(String plugin, String name) {
        var entry = new SecretEntry(plugin, name);
        return store.get(service, account(entry)).map(v -> {
            var chars = v.toCharArray();
            try {
                return SecretValue.copyOf(chars);
            } finally {
                java.util.Arrays.fill(chars, '\0');
            }
        });
    }

    /** One store lookup per entry: an OS credential store keeps each item on its own. */
    @Override
    public Map<SecretEntry, SecretValue> getAll(Collection<SecretEntry> entries) {
        var values = new LinkedHashMap<SecretEntry, SecretValue>();
        try {
            for (var entry : new TreeSet<>(entries)) {
                get(entry.plugin(), entry.name()).ifPresent(v -> values.put(entry, v));
            }
        } catch (RuntimeException e) {
            values.values().forEach(SecretValue::wipe);
            throw e;
        }
        return Collections.unmodifiableMap(values);
    }

    @Override
    public boolean remove(String plugin, String name) {
        var entry = new SecretEntry(plugin, name);
        return locked(() -> {
            boolean deleted = store.delete(service, account(entry));
            var names = readIndex();
            if (names.remove(entry)) {
                writeIndex(names);
                return true;
            }
            return deleted;
        });
    }

    @Override
    public List<SecretEntry> list() {
        try {
            return List.copyOf(readIndex());
        } catch (IOException e) {
            throw io("cannot read", e);
        }
    }

    @Override
    public String backend() {
        return "OS credential store (" + store.kind() + "), service '" + service + "'; names indexed in " + index + "; "
                + why;
    }

    @Override
    public void close() {
        store.close();
    }

    private <T> T locked(WriterLock.Body<T> body) {
        try {
            return lock.holding(body);
        } catch (IOException e) {
            throw io("cannot write", e);
        }
    }

    private TreeSet<SecretEntry> readIndex() throws IOException {
        var names = new TreeSet<SecretEntry>();
        byte[] bytes;
        try {
            if (Files.size(index) > MAX_INDEX_BYTES) {
                throw new VaultException(
                        VaultException.Reason.CORRUPTED, index, "the vault index " + index + " is too large");
            }
            bytes = Files.readAllBytes(index);
        } catch (NoSuchFileException e) {
            return names;
        }
        for (var line : new String(bytes, StandardCharsets.US_ASCII).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int slash = line.indexOf('/');
            try {
                names.add(new SecretEntry(line.substring(0, Math.max(slash, 0)), line.substring(slash + 1)));
            } catch (VaultException e) {
                throw new VaultException(
                        VaultException.Reason.CORRUPTED, index, "the vault index " + index + " has a malformed line");
            }
        }
        return names;
    }

    private void writeIndex(TreeSet<SecretEntry> names) throws IOException {
        var text = new StringBuilder();
        names.forEach(n -> text.append(account(n)).append('\n'));
        PrivateFiles.replace(index, text.toString().getBytes(StandardCharsets.US_ASCII), random);
    }

    private VaultException io(String what, IOException e) {
        return new VaultException(
                VaultException.Reason.IO,
                index,
                what + " the vault index " + index + " (" + e.getClass().getSimpleName() + ")",
                e);
    }
}

package dev.gatehouse.vault;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The host's credential store. Entries are namespaced by plugin: a lookup for one plugin never sees
 * another's entry. The host resolves a plugin's declared secrets with {@link #getAll} when it builds
 * an execution grant, once per call, and keeps the values no longer than that call.
 *
 * <p>Plugin namespaces are plugin names ({@code [a-z][a-z0-9-]{1,62}}); {@link #HOST_NAMESPACE} is
 * reserved for the host's own keys. Entry names are environment-variable names
 * ({@code [A-Z_][A-Z0-9_]*}, at most 128 characters). Every method refuses other names with a
 * {@link VaultException} of reason {@link VaultException.Reason#INVALID_NAME}.
 */
public interface Vault extends AutoCloseable {

    /** The namespace of the host's own keys (for example the audit checkpoint signing key). */
    String HOST_NAMESPACE = "gatehouse";

    /** Stores (or replaces) a value; the caller keeps ownership of {@code value} and may wipe it after. */
    void set(String plugin, String name, SecretValue value);

    /** The value, when set; the caller wipes it when done. */
    Optional<SecretValue> get(String plugin, String name);

    /**
     * The values of those {@code entries} that are set, read together: the file backend opens and
     * decrypts its file once for the whole batch rather than once per entry. An entry that is not
     * set is absent from the map, as {@link #get} would return empty for it. The caller wipes every
     * value when done; if the read fails part-way, the values already read are wiped before the
     * exception leaves.
     */
    Map<SecretEntry, SecretValue> getAll(Collection<SecretEntry> entries);

    /** Removes the entry; false when there was none. */
    boolean remove(String plugin, String name);

    /** Every entry's plugin and name, sorted; never a value. */
    List<SecretEntry> list();

    /** Which backend holds the entries and where, in words for the operator ({@code gatehouse doctor}). */
    String backend();

    @Override
    default void close() {}
}

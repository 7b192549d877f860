package dev.gatehouse.vault;

import java.util.Optional;

/** The operating system's credential store, addressed by service and account as they all are. */
interface OsStore extends AutoCloseable {

    /** In words for the operator, e.g. {@code GNOME_KEYRING}. */
    String kind();

    Optional<String> get(String service, String account);

    void set(String service, String account, String value);

    /** Deletes the entry; false when there was none. */
    boolean delete(String service, String account);

    @Override
    void close();
}

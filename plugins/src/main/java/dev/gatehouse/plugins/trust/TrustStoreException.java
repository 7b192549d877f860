package dev.gatehouse.plugins.trust;

import dev.gatehouse.plugins.PluginException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** A trust store operation that failed. Messages are for the operator and hold no key material. */
public final class TrustStoreException extends PluginException {

    /** What went wrong. */
    public enum Reason {
        /** The publisher name does not match {@code ^[a-z0-9][a-z0-9._-]{0,63}$}. */
        INVALID_PUBLISHER,
        /** The level is not official or community. */
        INVALID_LEVEL,
        /** The key file holds a key of a type other than Ed25519. */
        UNSUPPORTED_KEY_TYPE,
        /** The key file is not an OpenSSH public key line or a PEM public key. */
        MALFORMED_KEY,
        /** The key is already trusted for a different publisher. */
        KEY_OF_OTHER_PUBLISHER,
        /** The store file exists but is not a valid trust store. */
        CORRUPT_STORE,
        /** The store file can be written by others than its owner. */
        INSECURE_STORE,
        /** Reading or writing a file failed. */
        IO_FAILURE
    }

    private final Reason reason;
    private final Optional<String> publisher;
    private final Optional<Path> path;

    TrustStoreException(Reason reason, String message, Optional<String> publisher, Optional<Path> path) {
        this(reason, message, publisher, path, null);
    }

    TrustStoreException(
            Reason reason, String message, Optional<String> publisher, Optional<Path> path, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.path = Objects.requireNonNull(path, "path");
    }

    public Reason reason() {
        return reason;
    }

    /** The publisher the operation was about, when there was one. */
    public Optional<String> publisher() {
        return publisher;
    }

    /** The file involved (the key file or the store file), when there was one. */
    public Optional<Path> path() {
        return path;
    }
}

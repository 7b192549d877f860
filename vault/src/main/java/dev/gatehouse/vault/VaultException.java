package dev.gatehouse.vault;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Why the vault cannot do what was asked. Messages name files, namespaces and entry names, never a
 * value or a key, so they are safe to show the operator.
 */
public final class VaultException extends RuntimeException {

    /** Which rule stopped the operation. */
    public enum Reason {
        /** A namespace or entry name outside the allowed shapes. */
        INVALID_NAME,
        /** No master key could be found for an existing vault file. */
        NO_MASTER_KEY,
        /** The master key given is malformed or does not open the vault file. */
        WRONG_MASTER_KEY,
        /** The vault file (or key file) is damaged, truncated or was edited. */
        CORRUPTED,
        /** The vault file was written by a newer format this Gatehouse does not read. */
        UNSUPPORTED_VERSION,
        /** The configured backend cannot be reached (for example no OS credential store). */
        UNAVAILABLE,
        /** A file has permissions that would let others read it. */
        INSECURE_PERMISSIONS,
        /** Reading or writing a file failed. */
        IO
    }

    private final Reason reason;
    private final transient Path file;

    VaultException(Reason reason, Path file, String message) {
        super(message);
        this.reason = reason;
        this.file = file;
    }

    VaultException(Reason reason, Path file, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.file = file;
    }

    public Reason reason() {
        return reason;
    }

    /** The file concerned, when there is one. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }
}

package dev.gatehouse.auth;

import java.nio.file.Path;
import java.util.Optional;

/** A configured verifier cannot be built: a key or secret file is missing, too open or unreadable. */
public final class AuthSetupException extends AuthException {

    private final transient Path file;

    AuthSetupException(Path file, String message) {
        super(file + ": " + message);
        this.file = file;
    }

    AuthSetupException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    /** The file at fault. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }
}

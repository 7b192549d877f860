package dev.gatehouse.auth;

/**
 * Stored API keys cannot be looked up: the store is closed or its database cannot be read. The
 * presented key is refused; the message names neither the key nor its id.
 */
public final class KeyLookupException extends AuthException {

    KeyLookupException(String message) {
        super(message);
    }

    KeyLookupException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.gatehouse.plugins.trust;

/**
 * Bytes from outside (a signature file, a key file) that do not parse. Checked and internal: each
 * caller turns it into the public failure of its own stage, so a parse error can never escape unmapped.
 */
final class MalformedException extends Exception {

    MalformedException(String message) {
        super(message);
    }

    MalformedException(String message, Throwable cause) {
        super(message, cause);
    }
}

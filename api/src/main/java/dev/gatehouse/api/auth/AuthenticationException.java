package dev.gatehouse.api.auth;

/**
 * Authentication failed. {@link #reason()} is for the audit log; clients only ever learn
 * {@code UNAUTHENTICATED} (and, for bearer tokens, the RFC 6750 error code).
 */
public final class AuthenticationException extends RuntimeException {

    private final Reason reason;

    public enum Reason {
        MISSING,
        UNKNOWN_KEY,
        REVOKED,
        EXPIRED,
        NOT_YET_VALID,
        BAD_SIGNATURE,
        WRONG_ISSUER,
        WRONG_AUDIENCE,
        ALGORITHM_NOT_ALLOWED,
        MALFORMED,
        INACTIVE,
        UNAVAILABLE
    }

    /** @param detail what went wrong, for the audit log; must never contain the credential */
    public AuthenticationException(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

package dev.gatehouse.api;

/** The stable error codes clients see. The detail behind one goes to the audit log, never to the client. */
public enum ErrorCode {
    PERMISSION_DENIED,
    UNAUTHENTICATED,
    RATE_LIMITED,
    TIMEOUT,
    INVALID_ARGUMENTS,
    NOT_FOUND,
    APPROVAL_REQUIRED,
    PLUGIN_ERROR,
    UNAVAILABLE
}

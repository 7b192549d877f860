package dev.gatehouse.api;

/** The stable error codes clients see. The detail behind one goes to the audit log, never to the client. */
public enum ErrorCode {
    PERMISSION_DENIED("permission denied"),
    UNAUTHENTICATED("authentication required"),
    RATE_LIMITED("rate limit exceeded; retry later"),
    TIMEOUT("the call timed out"),
    INVALID_ARGUMENTS("the arguments do not match the tool's input schema"),
    NOT_FOUND("no such tool"),
    APPROVAL_REQUIRED("this call needs human approval"),
    PLUGIN_ERROR("the tool failed"),
    UNAVAILABLE("the tool is unavailable; retry later");

    private final String message;

    ErrorCode(String message) {
        this.message = message;
    }

    /** The generic message that goes with this code; safe to show anyone. */
    public String message() {
        return message;
    }
}

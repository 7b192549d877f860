package dev.gatehouse.auth;

/** An API key cannot be created as asked. */
public final class ApiKeyException extends AuthException {

    /** What was wrong with the request. */
    public enum Problem {
        INVALID_NAME,
        INVALID_SCOPE,
        DUPLICATE_NAME,
        INVALID_EXPIRY
    }

    private final Problem problem;
    private final String name;

    ApiKeyException(Problem problem, String name, String message) {
        super(message);
        this.problem = problem;
        this.name = name;
    }

    public Problem problem() {
        return problem;
    }

    /** The key name the request gave (already quoted safely in the message). */
    public String name() {
        return name;
    }
}

package dev.gatehouse.api.operator;

/**
 * An operator request that could not be done. The message is written for the operator, names
 * what to do where it can, and never holds a secret value.
 */
public final class OperatorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What kind of failure, which a surface turns into its own terms (an exit code, an HTTP status). */
    public enum Kind {
        /** What the operator asked for is not acceptable as given (exit 2 on the command line). */
        INVALID,
        /** It could not be done (exit 1). */
        FAILED
    }

    private final Kind kind;

    public OperatorException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public OperatorException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}

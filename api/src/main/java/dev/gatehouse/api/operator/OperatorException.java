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
    private final java.util.List<String> details;

    public OperatorException(Kind kind, String message) {
        this(kind, message, java.util.List.of(), null);
    }

    public OperatorException(Kind kind, String message, Throwable cause) {
        this(kind, message, java.util.List.of(), cause);
    }

    /** @param details one line each, under the message (every problem of a manifest, say) */
    public OperatorException(Kind kind, String message, java.util.List<String> details, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.details = java.util.List.copyOf(details);
    }

    public Kind kind() {
        return kind;
    }

    public java.util.List<String> details() {
        return details;
    }
}

package dev.gatehouse.audit;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The audit log could not do what was asked. Messages name files and counts, never event
 * contents, so they are safe to show an operator.
 */
public class AuditLogException extends RuntimeException {

    /** What went wrong, for callers that react differently. */
    public enum Problem {
        /** Another process (or another instance in this JVM) holds the log open for writing. */
        LOCKED,
        /** The log is closed, or stopped after an earlier write failed. */
        CLOSED,
        /** Reading or writing the files failed. */
        IO,
        /** The checkpoint key could not be loaded, created or used. */
        KEY
    }

    private final Problem problem;
    private final transient Optional<Path> path;

    public AuditLogException(Problem problem, String message, Path path, Throwable cause) {
        super(message, cause);
        this.problem = problem;
        this.path = Optional.ofNullable(path);
    }

    public AuditLogException(Problem problem, String message, Path path) {
        this(problem, message, path, null);
    }

    public Problem problem() {
        return problem;
    }

    /** The file or directory concerned, when there is one. */
    public Optional<Path> path() {
        return path;
    }
}

package dev.gatehouse.plugins.source;

import dev.gatehouse.plugins.PluginException;
import java.util.Objects;

/**
 * A plugin source could not be understood or fetched: a form we do not accept, a clone that
 * failed, a ref that does not exist. Failures of a single entry are {@link ExtractionException}s
 * instead. Messages never contain the password part of a URL.
 */
public final class SourceException extends PluginException {

    /** What went wrong with the source as a whole. */
    public enum Problem {
        /** The text is not a directory, an archive or a git URL we accept. */
        UNRECOGNIZED_FORM,
        /** A URL with a scheme we refuse (for example plain {@code http}). */
        UNSUPPORTED_SCHEME,
        /** A local path that does not exist. */
        NOT_FOUND,
        /** The git repository could not be cloned. */
        CLONE_FAILED,
        /** The {@code #ref} names no tag, branch or commit of the repository. */
        REF_NOT_FOUND,
        /** The source could not be read (a corrupt archive, an I/O error). */
        UNREADABLE
    }

    private final Problem problem;
    private final String source;

    SourceException(Problem problem, String source, String message) {
        this(problem, source, message, null);
    }

    SourceException(Problem problem, String source, String message, Throwable cause) {
        super(message, cause);
        this.problem = Objects.requireNonNull(problem);
        this.source = Printable.of(source);
    }

    /** What went wrong. */
    public Problem problem() {
        return problem;
    }

    /** The source as shown to the operator: credentials removed, control characters escaped. */
    public String source() {
        return source;
    }
}

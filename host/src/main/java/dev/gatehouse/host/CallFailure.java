package dev.gatehouse.host;

import dev.gatehouse.api.ErrorCode;
import java.time.Duration;
import java.util.Optional;

/**
 * Base of the host's failures: a call stopped at some stage. The caller sees only {@link #code()}
 * and its generic message; {@link #getMessage()} is the detail for the audit log and must never
 * hold a secret value.
 */
class CallFailure extends RuntimeException {

    private final ErrorCode code;
    private final transient Optional<Duration> retryAfter;
    private final transient java.util.List<dev.gatehouse.api.gateway.ArgumentProblem> problems;

    CallFailure(ErrorCode code, String detail) {
        this(code, detail, Optional.empty(), null);
    }

    /** INVALID_ARGUMENTS with what the caller may learn of it: which arguments, which rules. */
    CallFailure(String detail, java.util.List<dev.gatehouse.api.gateway.ArgumentProblem> problems) {
        super(detail, null, false, false);
        this.code = ErrorCode.INVALID_ARGUMENTS;
        this.retryAfter = Optional.empty();
        this.problems = java.util.List.copyOf(problems);
    }

    CallFailure(ErrorCode code, String detail, Optional<Duration> retryAfter, Throwable cause) {
        // No stack trace: these are expected outcomes on the hot path, not bugs.
        super(detail, cause, false, false);
        this.code = code;
        this.retryAfter = retryAfter;
        this.problems = java.util.List.of();
    }

    /** For INVALID_ARGUMENTS: which arguments are wrong and how, for the caller. */
    java.util.List<dev.gatehouse.api.gateway.ArgumentProblem> problems() {
        return problems;
    }

    ErrorCode code() {
        return code;
    }

    Optional<Duration> retryAfter() {
        return retryAfter;
    }
}

package dev.gatehouse.api.gateway;

import dev.gatehouse.api.ErrorCode;
import dev.gatehouse.api.tool.ToolOutput;
import java.time.Duration;
import java.util.Optional;

/** How a call ended, as the caller may learn it. */
public sealed interface CallResult {

    record Success(ToolOutput output) implements CallResult {}

    /**
     * @param message generic and safe to show: never a path, scope, policy, stack trace or secret
     * @param retryAfter for {@code RATE_LIMITED}: when to try again
     * @param problems for {@code INVALID_ARGUMENTS}: which arguments are wrong and how (never their
     *     values), for a caller who may call the tool; empty otherwise
     */
    record Failure(
            ErrorCode code, String message, Optional<Duration> retryAfter, java.util.List<ArgumentProblem> problems)
            implements CallResult {

        public Failure {
            problems = java.util.List.copyOf(problems);
        }

        public Failure(ErrorCode code, String message, Optional<Duration> retryAfter) {
            this(code, message, retryAfter, java.util.List.of());
        }

        public static Failure of(ErrorCode code) {
            return new Failure(code, code.message(), Optional.empty());
        }

        /** What a caller is told: {@code CODE: message}, and the argument problems when there are any. */
        public String text() {
            var text = code.name() + ": " + code.message();
            if (problems.isEmpty()) {
                return text;
            }
            return text + ": "
                    + String.join(
                            "; ",
                            problems.stream().map(ArgumentProblem::describe).toList());
        }
    }
}

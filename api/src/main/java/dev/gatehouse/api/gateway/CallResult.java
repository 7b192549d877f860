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
     */
    record Failure(ErrorCode code, String message, Optional<Duration> retryAfter) implements CallResult {
        public static Failure of(ErrorCode code) {
            return new Failure(code, code.message(), Optional.empty());
        }
    }
}

package dev.gatehouse.host;

import dev.failsafe.Bulkhead;
import dev.failsafe.BulkheadFullException;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import dev.gatehouse.api.ErrorCode;
import dev.gatehouse.api.tool.ToolOutput;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Executes a tool's handler: on its own virtual thread with a deadline the caller never waits
 * past, behind its plugin's circuit breaker and concurrency cap (of which one principal holds at
 * most a share, so one caller's slow calls cannot fill it for everyone), retried with exponential backoff
 * and jitter only when the manifest allows it.
 */
final class ToolRunner {

    /** A handler that threw: counts against the plugin's circuit and may be retried. */
    static final class Crashed extends CallFailure {
        Crashed(String detail, Throwable cause) {
            super(ErrorCode.PLUGIN_ERROR, detail, Optional.empty(), cause);
        }
    }

    /** A handler that ran past its deadline: counts against the circuit, never retried. */
    static final class TimedOut extends CallFailure {
        TimedOut(String detail) {
            super(ErrorCode.TIMEOUT, detail);
        }
    }

    private record Guards(CircuitBreaker<ToolOutput> breaker, Bulkhead<ToolOutput> bulkhead) {}

    /** A tool's policies, composed once: the executor holds no per-call state. */
    private record Composed(RegisteredTool tool, FailsafeExecutor<ToolOutput> executor) {}

    private final Map<String, Guards> perPlugin = new ConcurrentHashMap<>();
    private final Map<String, Composed> perTool = new ConcurrentHashMap<>();
    private final CallsConfig calls;
    private final Deadlines deadlines;
    private final SecretKeeper secrets;
    private final Clock clock;
    private final ConcurrencyShares shares;

    ToolRunner(CallsConfig calls, Deadlines deadlines, SecretKeeper secrets, Clock clock) {
        this.calls = calls;
        this.shares = new ConcurrencyShares(ConcurrencyShares.shareOf(calls.maxConcurrentPerPlugin()));
        this.deadlines = deadlines;
        this.secrets = secrets;
        this.clock = clock;
    }

    ToolOutput run(RegisteredTool tool, String principalId, Map<String, Object> arguments) {
        if (!shares.tryAcquire(tool.plugin(), principalId)) {
            throw new CallFailure(
                    ErrorCode.UNAVAILABLE,
                    "principal holds its share of " + shares.perPrincipal() + " of plugin " + tool.plugin()
                            + "'s concurrent calls");
        }
        try {
            return executor(tool).get(() -> attempt(tool, principalId, arguments));
        } catch (CircuitBreakerOpenException e) {
            throw new CallFailure(ErrorCode.UNAVAILABLE, "circuit open for plugin " + tool.plugin());
        } catch (BulkheadFullException e) {
            throw new CallFailure(
                    ErrorCode.UNAVAILABLE,
                    "plugin " + tool.plugin() + " is at its limit of " + calls.maxConcurrentPerPlugin()
                            + " concurrent calls");
        } catch (FailsafeException e) {
            if (e.getCause() instanceof CallFailure f) {
                throw f;
            }
            throw new Crashed("failsafe: " + e.getClass().getSimpleName(), e);
        } finally {
            shares.release(tool.plugin(), principalId);
        }
    }

    /**
     * The tool's executor: its retry policy (if any) around its plugin's breaker and bulkhead. Kept
     * per tool name, and rebuilt if that name now stands for another registered tool, so a
     * replaced definition never runs under its predecessor's retry settings.
     */
    private FailsafeExecutor<ToolOutput> executor(RegisteredTool tool) {
        var composed = perTool.get(tool.name());
        if (composed == null || composed.tool() != tool) {
            composed = new Composed(tool, compose(tool));
            perTool.put(tool.name(), composed);
        }
        return composed.executor();
    }

    private FailsafeExecutor<ToolOutput> compose(RegisteredTool tool) {
        var guards = perPlugin.computeIfAbsent(tool.plugin(), this::guards);
        var policies = new ArrayList<dev.failsafe.Policy<ToolOutput>>();
        tool.retry()
                .ifPresent(r -> policies.add(RetryPolicy.<ToolOutput>builder()
                        .handle(Crashed.class)
                        .withMaxAttempts(r.maxAttempts())
                        .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(5), r.backoff())
                        .withJitter(0.25)
                        .build()));
        policies.add(guards.breaker());
        policies.add(guards.bulkhead());
        return Failsafe.with(policies);
    }

    private ToolOutput attempt(RegisteredTool tool, String principalId, Map<String, Object> arguments) {
        var deadline = clock.instant().plus(tool.timeout());
        // Resolved now, for this attempt only: the grant, and the values in it, end with the call.
        var grant = tool.grant()
                .forCall(
                        tool.name(),
                        principalId,
                        deadline,
                        secrets.resolve(tool.plugin(), tool.grant().secretNames(), principalId));
        try {
            var output = deadlines.run(() -> tool.handler().call(tool.name(), arguments, grant), tool.timeout());
            if (output == null) {
                throw new Crashed("handler returned no output", null);
            }
            return output;
        } catch (TimeoutException e) {
            throw new TimedOut("no result within " + tool.timeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            var cause = e.getCause();
            // The exception's message may quote anything, a secret included: keep only its type.
            throw new Crashed("handler threw " + cause.getClass().getName(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallFailure(ErrorCode.UNAVAILABLE, "interrupted (shutting down)");
        }
    }

    private Guards guards(String plugin) {
        var breaker = CircuitBreaker.<ToolOutput>builder()
                .handle(Crashed.class, TimedOut.class)
                .withFailureThreshold(calls.breakerFailures(), Math.max(10, calls.breakerFailures()))
                .withDelay(calls.breakerOpenFor())
                .build();
        var bulkhead = Bulkhead.<ToolOutput>builder(calls.maxConcurrentPerPlugin())
                .withMaxWaitTime(Duration.ZERO)
                .build();
        return new Guards(breaker, bulkhead);
    }
}

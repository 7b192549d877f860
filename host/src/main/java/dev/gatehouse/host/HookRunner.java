package dev.gatehouse.host;

import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.audit.AuditSink;
import dev.gatehouse.api.hook.Hook;
import dev.gatehouse.api.hook.HookContext;
import dev.gatehouse.api.hook.HookResult;
import dev.gatehouse.api.manifest.HookDeclaration.HookEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs hooks with a deadline each, on their own virtual threads, so that no hook can take a call
 * (or the host) down with it. A hook that hangs is abandoned at its deadline; one that keeps
 * hanging can hold at most {@link #MAX_IN_FLIGHT} threads, after which it is skipped (and
 * audited) until its stuck runs end.
 */
final class HookRunner {

    static final int MAX_IN_FLIGHT = 8;

    private final Map<HookEvent, List<GuardedHook>> byEvent = new EnumMap<>(HookEvent.class);
    private final Duration deadline;
    private final Deadlines deadlines;
    private final AuditSink audit;
    private final Clock clock;

    HookRunner(List<Hook> hooks, Duration deadline, Deadlines deadlines, AuditSink audit, Clock clock) {
        for (var event : HookEvent.values()) {
            byEvent.put(
                    event,
                    hooks.stream()
                            .filter(h -> h.event() == event)
                            .map(GuardedHook::new)
                            .toList());
        }
        this.deadline = deadline;
        this.deadlines = deadlines;
        this.audit = audit;
        this.clock = clock;
    }

    boolean none(HookEvent event) {
        return byEvent.get(event).isEmpty();
    }

    /** pre_tool_call: the first Block stops the call; Rewrites apply in order. */
    PreOutcome preCall(HookContext context, java.util.function.Predicate<Map<String, Object>> validArguments) {
        var args = context.arguments();
        for (var hook : byEvent.get(HookEvent.PRE_TOOL_CALL)) {
            var ctx = new HookContext(
                    context.tool(), context.plugin(), context.principalId(), args, Optional.empty(), Optional.empty());
            var result = run(hook, ctx);
            switch (result.orElse(null)) {
                case HookResult.Block b -> {
                    return new PreOutcome(args, Optional.of(hook.hook.plugin() + ": " + b.reason()));
                }
                case HookResult.Rewrite r -> {
                    if (validArguments.test(r.arguments())) {
                        args = Map.copyOf(r.arguments());
                    } else {
                        failed(hook, ctx, "rewrote the arguments into ones the tool's schema refuses; rewrite ignored");
                    }
                }
                case HookResult.Continue c -> {}
                case HookResult.Replace rep -> failed(hook, ctx, "answered Replace to pre_tool_call; ignored");
                case null -> {}
            }
        }
        return new PreOutcome(args, Optional.empty());
    }

    record PreOutcome(Map<String, Object> arguments, Optional<String> blockedBy) {}

    /** transform_tool_result: each Replace feeds the next hook. */
    dev.gatehouse.api.tool.ToolOutput transform(HookContext context, dev.gatehouse.api.tool.ToolOutput output) {
        var current = output;
        for (var hook : byEvent.get(HookEvent.TRANSFORM_TOOL_RESULT)) {
            var ctx = new HookContext(
                    context.tool(),
                    context.plugin(),
                    context.principalId(),
                    context.arguments(),
                    Optional.of(current),
                    Optional.empty());
            var result = run(hook, ctx);
            if (result.orElse(null) instanceof HookResult.Replace r && r.output() != null) {
                current = r.output();
            }
        }
        return current;
    }

    /** post_tool_call and on_error: observers; their answers change nothing. */
    void observe(HookEvent event, HookContext context) {
        for (var hook : byEvent.get(event)) {
            run(hook, context);
        }
    }

    private Optional<HookResult> run(GuardedHook hook, HookContext context) {
        if (!hook.inFlight.tryAcquire()) {
            failed(hook, context, "skipped: " + MAX_IN_FLIGHT + " earlier runs are still stuck");
            return Optional.empty();
        }
        // The permit goes back exactly once: from the run when it started, else from here. A run
        // cancelled at its deadline before its thread ever started never reaches its own release.
        var claimed = new AtomicBoolean();
        try {
            var result = deadlines.run(
                    () -> {
                        if (!claimed.compareAndSet(false, true)) {
                            return null; // given up on before it started
                        }
                        try {
                            return hook.hook.handle(context);
                        } finally {
                            hook.inFlight.release();
                        }
                    },
                    deadline);
            if (result == null) {
                failed(hook, context, "returned nothing");
            }
            return Optional.ofNullable(result);
        } catch (TimeoutException e) {
            failed(hook, context, "did not answer within " + deadline.toMillis() + " ms");
        } catch (java.util.concurrent.ExecutionException e) {
            failed(hook, context, "threw " + e.getCause().getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (claimed.compareAndSet(false, true)) {
                hook.inFlight.release();
            }
        }
        return Optional.empty();
    }

    private void failed(GuardedHook hook, HookContext context, String what) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("plugin", hook.hook.plugin());
        fields.put("event", hook.hook.event().word());
        fields.put("tool", context.tool());
        fields.put("failure", what);
        audit.record(new AuditEvent(clock.instant(), "hook.failed", context.principalId(), fields));
    }

    private static final class GuardedHook {
        final Hook hook;
        final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

        GuardedHook(Hook hook) {
            this.hook = hook;
        }
    }
}

package dev.gatehouse.host;

import static dev.gatehouse.host.PipelineFixture.middleware;
import static dev.gatehouse.host.PipelineFixture.principal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.api.ErrorCode;
import dev.gatehouse.api.gateway.CallResult;
import dev.gatehouse.api.hook.Hook;
import dev.gatehouse.api.hook.HookContext;
import dev.gatehouse.api.hook.HookResult;
import dev.gatehouse.api.manifest.HookDeclaration.HookEvent;
import dev.gatehouse.api.manifest.ScopeHierarchy;
import dev.gatehouse.api.manifest.ToolDefinition;
import dev.gatehouse.api.manifest.ToolMiddleware;
import dev.gatehouse.api.tool.ToolHandler;
import dev.gatehouse.api.tool.ToolOutput;
import dev.gatehouse.policy.Effect;
import dev.gatehouse.policy.PolicyRule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PipelineTest {

    static final Map<String, Object> ARGS = Map.of("q", "hello");
    static final ToolMiddleware NONE = ToolMiddleware.none();

    PipelineFixture fixture = new PipelineFixture();

    static ErrorCode code(CallResult r) {
        return ((CallResult.Failure) r).code();
    }

    static String text(CallResult r) {
        return ((ToolOutput.Content.Text)
                        ((CallResult.Success) r).output().content().getFirst())
                .text();
    }

    static Hook hook(HookEvent event, java.util.function.Function<HookContext, HookResult> body) {
        return PipelineFixture.hook("hooker", event, body);
    }

    @Test
    void aCallWithinScopeRunsTheToolAndIsAudited() {
        fixture.tool("echo", (t, a, g) -> ToolOutput.text("echo " + a.get("q")), NONE);

        var result = fixture.call("echo", ARGS);

        assertThat(text(result)).isEqualTo("echo hello");
        var event = fixture.audit.events().getLast();
        assertThat(event.type()).isEqualTo("tool.call");
        assertThat(event.principal()).isEqualTo("key:alice");
        assertThat(event.fields()).containsEntry("outcome", "ok").containsEntry("authorization", "scopes");
        assertThat(fixture.audit.types()).containsExactly("tool.started", "tool.call");
        var started = fixture.audit.events().getFirst();
        assertThat(fixture.audit.queued()).containsExactly(started);
        assertThat(started.principal()).isEqualTo("key:alice");
        assertThat(started.fields())
                .containsEntry("tool", "echo")
                .containsEntry("plugin", "demo")
                .containsEntry("authorization", "scopes")
                .containsEntry("argument_chars", 6L)
                .containsKey("timeout_ms");
    }

    @Test
    void onlyACallThatRunsItsToolRecordsAStart() {
        var cache = Optional.of(new ToolMiddleware.Cache(Duration.ofMinutes(1), ToolMiddleware.CacheKey.USER));
        fixture.tool(
                "cached",
                (t, a, g) -> ToolOutput.text("x"),
                middleware(Optional.empty(), cache, Optional.empty(), Optional.empty()));
        fixture.call("cached", ARGS);
        fixture.call("cached", ARGS);
        fixture.call("nope", ARGS);
        fixture.call(principal("key:nobody"), "cached", ARGS);
        assertThat(fixture.audit.types())
                .containsExactly("tool.started", "tool.call", "tool.call", "tool.call", "tool.call");
    }

    @Test
    void argumentSizeCountsKeysAndValuesAtEveryLevel() {
        assertThat(Pipeline.textLength(Map.of("q", "hello"), 0)).isEqualTo(6);
        assertThat(Pipeline.textLength(Map.of("list", List.of("ab", 12, true)), 0))
                .isEqualTo(4 + 2 + 2 + 4);
        Object deep = "x";
        for (int i = 0; i < 200; i++) {
            deep = Map.of("k", deep);
        }
        assertThat(Pipeline.textLength(deep, 0)).isEqualTo(65 + 1);
    }

    @Test
    void unknownToolsAndToolsWhoseDefinitionChangedSinceConsentAreNotFound() {
        fixture.tool(
                "changed",
                (t, a, g) -> ToolOutput.text("x"),
                NONE,
                ToolDefinition.Effect.READ,
                ToolDefinition.Approval.NEVER,
                false);
        assertThat(code(fixture.call("nope", ARGS))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(code(fixture.call("changed", ARGS))).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void argumentsThatBreakTheSchemaNeverReachTheToolAndTheirValuesStayOutOfTheAudit() {
        var ran = new AtomicInteger();
        fixture.tool(
                "echo",
                (t, a, g) -> {
                    ran.incrementAndGet();
                    return ToolOutput.text("x");
                },
                NONE);
        var canary = "CANARY-" + "x".repeat(200);

        var result = fixture.call("echo", Map.of("q", canary));

        assertThat(code(result)).isEqualTo(ErrorCode.INVALID_ARGUMENTS);
        // The caller may call the tool: it learns which argument and which rule, never the value.
        assertThat(((CallResult.Failure) result).message()).isEqualTo(ErrorCode.INVALID_ARGUMENTS.message());
        assertThat(((CallResult.Failure) result).text())
                .isEqualTo("INVALID_ARGUMENTS: " + ErrorCode.INVALID_ARGUMENTS.message()
                        + ": argument 'q' is too long, too short, too large or too small")
                .doesNotContain("CANARY");
        var missing = (CallResult.Failure) fixture.call("echo", Map.of());
        assertThat(missing.text()).contains("argument 'q' is required");
        var extra = (CallResult.Failure) fixture.call("echo", Map.of("q", "ok", "extra\u0007", 1));
        assertThat(extra.text()).contains("argument 'extra?' is not one this tool takes");
        assertThat(fixture.call("echo", Map.of("q", "ok", "extra", 1))).isInstanceOf(CallResult.Failure.class);
        assertThat(ran).hasValue(0);
        assertThat(fixture.audit.events().toString()).doesNotContain("CANARY");
    }

    @Test
    void aMissingScopeAnswersExactlyLikeAMissingToolAndTheHierarchyCanGrantIt() {
        fixture.tool("echo", (t, a, g) -> ToolOutput.text("x"), NONE);
        fixture.operatorScopes = new ScopeHierarchy(Map.of("demo:admin", List.of("demo:read")));

        var missing = fixture.call(principal("key:bob", "other:read"), "no-such-tool", ARGS);
        assertThat(fixture.call(principal("key:bob", "other:read"), "echo", ARGS))
                .isEqualTo(missing);
        assertThat(code(fixture.call(principal("key:nobody"), "echo", ARGS))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(fixture.call(principal("key:ops", "demo:admin"), "echo", ARGS))
                .isInstanceOf(CallResult.Success.class);
        assertThat(fixture.call(principal("key:root", "admin"), "echo", ARGS)).isInstanceOf(CallResult.Success.class);
    }

    @Test
    void policiesDenyOrSendToReviewAndDenyWins() {
        fixture.tool("echo", (t, a, g) -> ToolOutput.text("x"), NONE);
        fixture.policies.add(new PolicyRule("no-secrets", Effect.DENY, "args.q.contains('secret')"));
        fixture.policies.add(new PolicyRule("review-bob", Effect.REVIEW, "principal.id == 'key:bob'"));

        assertThat(fixture.call("echo", ARGS)).isInstanceOf(CallResult.Success.class);
        assertThat(code(fixture.call("echo", Map.of("q", "a secret")))).isEqualTo(ErrorCode.PERMISSION_DENIED);
        var bob = principal("key:bob", "demo:read");
        assertThat(code(fixture.call(bob, "echo", ARGS))).isEqualTo(ErrorCode.APPROVAL_REQUIRED);
        assertThat(code(fixture.call(bob, "echo", Map.of("q", "secret")))).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(fixture.audit.events().stream().map(e -> e.fields().get("detail")))
                .anySatisfy(d -> assertThat(String.valueOf(d)).contains("no-secrets"));
    }

    @Test
    void aToolMarkedApprovalAlwaysNeedsApproval() {
        fixture.tool(
                "pay",
                (t, a, g) -> ToolOutput.text("paid"),
                NONE,
                ToolDefinition.Effect.WRITE,
                ToolDefinition.Approval.ALWAYS,
                true);
        assertThat(code(fixture.call("pay", ARGS))).isEqualTo(ErrorCode.APPROVAL_REQUIRED);
    }

    @Test
    void aToolThatSleepsPastItsTimeoutTimesOutWithoutHoldingTheCaller() {
        var release = new CountDownLatch(1);
        fixture.tool(
                "sleepy",
                (t, a, g) -> {
                    // Ignores interrupts, like a badly written plugin: the caller must not wait for it.
                    while (release.getCount() > 0) {
                        try {
                            release.await();
                        } catch (InterruptedException ignored) {
                            // keep sleeping
                        }
                    }
                    return ToolOutput.text("late");
                },
                middleware(Optional.of(Duration.ofMillis(200)), Optional.empty(), Optional.empty(), Optional.empty()));

        var result = fixture.call("sleepy", ARGS);

        assertThat(code(result)).isEqualTo(ErrorCode.TIMEOUT);
        release.countDown();
    }

    @Test
    void aRateLimitHoldsPerCallerAndTellsWhenToRetry() {
        fixture.tool(
                "limited",
                (t, a, g) -> ToolOutput.text("ok"),
                middleware(
                        Optional.empty(), Optional.empty(),
                        Optional.of(new ToolMiddleware.RateLimit(3, ToolMiddleware.RateLimitKey.USER)),
                                Optional.empty()));
        for (int i = 0; i < 3; i++) {
            assertThat(fixture.call("limited", ARGS)).isInstanceOf(CallResult.Success.class);
        }
        var refused = (CallResult.Failure) fixture.call("limited", ARGS);
        assertThat(refused.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(refused.retryAfter()).hasValueSatisfying(d -> assertThat(d).isPositive());
        assertThat(fixture.call(principal("key:bob", "demo:read"), "limited", ARGS))
                .isInstanceOf(CallResult.Success.class);
        assertThat(fixture.meters
                        .find("gatehouse.ratelimit.rejections")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void aGlobalRateLimitIsSharedByEveryone() {
        fixture.tool(
                "limited",
                (t, a, g) -> ToolOutput.text("ok"),
                middleware(
                        Optional.empty(), Optional.empty(),
                        Optional.of(new ToolMiddleware.RateLimit(2, ToolMiddleware.RateLimitKey.GLOBAL)),
                                Optional.empty()));
        fixture.call("limited", ARGS);
        fixture.call(principal("key:bob", "demo:read"), "limited", ARGS);
        assertThat(code(fixture.call(principal("key:carol", "demo:read"), "limited", ARGS)))
                .isEqualTo(ErrorCode.RATE_LIMITED);
    }

    @Test
    void aGlobalRateLimitCoversAPluginsToolsAndNoOtherPlugins() {
        var global = middleware(
                Optional.empty(),
                Optional.empty(),
                Optional.of(new ToolMiddleware.RateLimit(2, ToolMiddleware.RateLimitKey.GLOBAL)),
                Optional.empty());
        ToolHandler ok = (t, a, g) -> ToolOutput.text("ok");
        fixture.tool("first", ok, global).tool("second", ok, global);
        // Another plugin declaring a tiny global limit must not be able to spend demo's budget.
        fixture.plugin = "greedy";
        fixture.tool(
                "hog",
                ok,
                middleware(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(new ToolMiddleware.RateLimit(1, ToolMiddleware.RateLimitKey.GLOBAL)),
                        Optional.empty()));
        assertThat(fixture.call("hog", ARGS)).isInstanceOf(CallResult.Success.class);
        assertThat(code(fixture.call("hog", ARGS))).isEqualTo(ErrorCode.RATE_LIMITED);

        assertThat(fixture.call("first", ARGS)).isInstanceOf(CallResult.Success.class);
        assertThat(fixture.call(principal("key:bob", "demo:read"), "second", ARGS))
                .isInstanceOf(CallResult.Success.class);
        assertThat(code(fixture.call("second", ARGS))).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(code(fixture.call(principal("key:carol", "demo:read"), "first", ARGS)))
                .isEqualTo(ErrorCode.RATE_LIMITED);
    }

    @Test
    void readResultsAreCachedPerCallerAndErrorsNever() {
        var calls = new AtomicInteger();
        var cache = Optional.of(new ToolMiddleware.Cache(Duration.ofMinutes(1), ToolMiddleware.CacheKey.USER));
        fixture.tool(
                "counted",
                (t, a, g) -> {
                    int n = calls.incrementAndGet();
                    return a.get("q").equals("fail") ? ToolOutput.error("no") : ToolOutput.text("call " + n);
                },
                middleware(Optional.empty(), cache, Optional.empty(), Optional.empty()));

        assertThat(text(fixture.call("counted", ARGS))).isEqualTo("call 1");
        assertThat(text(fixture.call("counted", ARGS))).isEqualTo("call 1");
        assertThat(text(fixture.call(principal("key:bob", "demo:read"), "counted", ARGS)))
                .isEqualTo("call 2");
        fixture.call("counted", Map.of("q", "fail"));
        fixture.call("counted", Map.of("q", "fail"));
        assertThat(calls).hasValue(4);
    }

    @Test
    void retriesOnlyWhereTheManifestAllowsAndWithBackoff() {
        var attempts = new AtomicInteger();
        ToolHandlerStub flaky = () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("transient");
            }
            return ToolOutput.text("third time");
        };
        fixture.tool(
                "retried",
                (t, a, g) -> flaky.run(),
                middleware(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(new ToolMiddleware.Retry(3, 1.5))));
        assertThat(text(fixture.call("retried", ARGS))).isEqualTo("third time");
        assertThat(attempts).hasValue(3);

        var once = new AtomicInteger();
        fixture.tool(
                "unretried",
                (t, a, g) -> {
                    once.incrementAndGet();
                    throw new IllegalStateException("boom");
                },
                NONE);
        assertThat(code(fixture.call("unretried", ARGS))).isEqualTo(ErrorCode.PLUGIN_ERROR);
        assertThat(once).hasValue(1);
    }

    interface ToolHandlerStub {
        ToolOutput run() throws Exception;
    }

    @Test
    void aFailingPluginOpensItsCircuitAndStopsBeingCalled() {
        var calls = new AtomicInteger();
        fixture.calls =
                new CallsConfig(Duration.ofSeconds(5), 16, Duration.ofMillis(200), 3, Duration.ofMinutes(5), Map.of());
        fixture.tool(
                "broken",
                (t, a, g) -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("down");
                },
                NONE);
        for (int i = 0; i < 3; i++) {
            assertThat(code(fixture.call("broken", ARGS))).isEqualTo(ErrorCode.PLUGIN_ERROR);
        }
        assertThat(code(fixture.call("broken", ARGS))).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(calls).hasValue(3);
    }

    @Test
    void callsBeyondAPluginsConcurrencyCapAreRefused() throws Exception {
        fixture.calls =
                new CallsConfig(Duration.ofSeconds(30), 2, Duration.ofMillis(200), 5, Duration.ofSeconds(30), Map.of());
        var inside = new CountDownLatch(2);
        var release = new CountDownLatch(1);
        fixture.tool(
                "slow",
                (t, a, g) -> {
                    inside.countDown();
                    release.await();
                    return ToolOutput.text("done");
                },
                NONE);
        fixture.pipeline();
        try (var pool = Executors.newFixedThreadPool(2)) {
            var first = pool.submit(() -> fixture.call("slow", ARGS));
            var second = pool.submit(() -> fixture.call(principal("key:bob", "demo:read"), "slow", ARGS));
            assertThat(inside.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(code(fixture.call("slow", ARGS))).isEqualTo(ErrorCode.UNAVAILABLE);
            release.countDown();
            assertThat(first.get()).isInstanceOf(CallResult.Success.class);
            assertThat(second.get()).isInstanceOf(CallResult.Success.class);
        }
    }

    @Test
    void oneCallerCannotHoldEveryConcurrentSlotOfAPlugin() throws Exception {
        fixture.calls =
                new CallsConfig(Duration.ofSeconds(30), 4, Duration.ofMillis(200), 5, Duration.ofSeconds(30), Map.of());
        var inside = new CountDownLatch(2);
        var release = new CountDownLatch(1);
        fixture.tool(
                "slow",
                (t, a, g) -> {
                    inside.countDown();
                    release.await();
                    return ToolOutput.text("done");
                },
                NONE);
        fixture.tool("quick", (t, a, g) -> ToolOutput.text("quick"), NONE);
        fixture.pipeline();
        try (var pool = Executors.newFixedThreadPool(2)) {
            var first = pool.submit(() -> fixture.call("slow", ARGS));
            var second = pool.submit(() -> fixture.call("slow", ARGS));
            assertThat(inside.await(20, TimeUnit.SECONDS)).isTrue();
            // Alice holds her share (two of four); her next call is refused, Bob's still runs.
            assertThat(code(fixture.call("quick", ARGS))).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(text(fixture.call(principal("key:bob", "demo:read"), "quick", ARGS)))
                    .isEqualTo("quick");
            release.countDown();
            assertThat(first.get()).isInstanceOf(CallResult.Success.class);
            assertThat(second.get()).isInstanceOf(CallResult.Success.class);
        }
        assertThat(text(fixture.call("quick", ARGS))).isEqualTo("quick");
    }

    @Test
    void callerInputThatNoToolCanUseIsInvalidAndNeverOpensTheCircuit() {
        var calls = new AtomicInteger();
        fixture.calls =
                new CallsConfig(Duration.ofSeconds(5), 16, Duration.ofMillis(200), 3, Duration.ofMinutes(5), Map.of());
        fixture.tool(
                "echo",
                (t, a, g) -> {
                    calls.incrementAndGet();
                    // What a file tool does with a lone surrogate: the JDK refuses it as a path.
                    return ToolOutput.text(
                            java.nio.file.Path.of(String.valueOf(a.get("q"))).toString());
                },
                NONE);
        for (int i = 0; i < 10; i++) {
            assertThat(code(fixture.call("echo", Map.of("q", "sur\ud800")))).isEqualTo(ErrorCode.INVALID_ARGUMENTS);
        }
        assertThat(calls).hasValue(0);
        assertThat(text(fixture.call("echo", Map.of("q", "fine")))).isEqualTo("fine");
        assertThat(fixture.audit.events().toString()).contains("lone surrogate");
    }

    @Test
    void outputBeyondThePluginsLimitIsCut() {
        fixture.tool("chatty", (t, a, g) -> ToolOutput.text("y".repeat(5000)), NONE);
        var output = ((CallResult.Success) fixture.call("chatty", ARGS)).output();
        assertThat(output.textLength()).isLessThan(1100);
        assertThat(output.content().getLast().toString()).contains("truncated");
    }

    @Test
    void aCrashingToolsMessageNeverReachesTheCallerOrTheAudit() {
        var canary = "CANARY-SECRET-7f3a";
        fixture.tool(
                "leaky",
                (t, a, g) -> {
                    throw new IllegalStateException("password=" + canary);
                },
                NONE);
        var result = (CallResult.Failure) fixture.call("leaky", ARGS);
        assertThat(result.code()).isEqualTo(ErrorCode.PLUGIN_ERROR);
        assertThat(result.toString()).doesNotContain(canary);
        assertThat(fixture.audit.events().toString()).doesNotContain(canary);
    }

    // ---- hooks ----

    @Test
    void aHookThatThrowsIsContainedAuditedAndChangesNothing() {
        fixture.tool("echo", (t, a, g) -> ToolOutput.text("echo " + a.get("q")), NONE);
        fixture.hooks.add(hook(HookEvent.PRE_TOOL_CALL, c -> {
            throw new IllegalStateException("hook bug");
        }));
        fixture.hooks.add(hook(HookEvent.TRANSFORM_TOOL_RESULT, c -> {
            throw new IllegalStateException("hook bug");
        }));
        fixture.hooks.add(hook(HookEvent.POST_TOOL_CALL, c -> {
            throw new IllegalStateException("hook bug");
        }));

        assertThat(text(fixture.call("echo", ARGS))).isEqualTo("echo hello");
        assertThat(fixture.audit.types()).containsSubsequence("hook.failed", "hook.failed", "hook.failed", "tool.call");
    }

    @Test
    void aHookThatHangsIsAbandonedAtItsDeadlineAndTheCallGoesOn() {
        var forever = new CountDownLatch(1);
        fixture.tool("echo", (t, a, g) -> ToolOutput.text("echo " + a.get("q")), NONE);
        fixture.hooks.add(hook(HookEvent.PRE_TOOL_CALL, c -> {
            try {
                forever.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new HookResult.Block("too late to count");
        }));

        assertThat(text(fixture.call("echo", ARGS))).isEqualTo("echo hello");
        assertThat(fixture.audit.events())
                .anySatisfy(e ->
                        assertThat(String.valueOf(e.fields().get("failure"))).contains("did not answer"));
        forever.countDown();
    }

    @Test
    void aHookStuckOnEveryCallCannotPileUpThreadsOrStallCalls() {
        var forever = new CountDownLatch(1);
        fixture.tool("echo", (t, a, g) -> ToolOutput.text("ok"), NONE);
        fixture.hookTimeout = Duration.ofMillis(20);
        fixture.hooks.add(hook(HookEvent.PRE_TOOL_CALL, c -> {
            // Swallows interrupts: abandoned runs stay stuck.
            while (forever.getCount() > 0) {
                try {
                    forever.await();
                } catch (InterruptedException ignored) {
                    // stay stuck
                }
            }
            return HookResult.proceed();
        }));
        int calls = HookRunner.MAX_IN_FLIGHT + 5;
        for (int i = 0; i < calls; i++) {
            assertThat(fixture.call("echo", ARGS)).isInstanceOf(CallResult.Success.class);
        }
        var skipped = fixture.audit.events().stream()
                .filter(e -> String.valueOf(e.fields().get("failure")).startsWith("skipped"))
                .count();
        assertThat(skipped).isEqualTo(5);
        forever.countDown();
    }

    @Test
    void aPreCallHookMayBlockAndItsReasonStaysInTheAudit() {
        var ran = new AtomicInteger();
        fixture.tool(
                "echo",
                (t, a, g) -> {
                    ran.incrementAndGet();
                    return ToolOutput.text("x");
                },
                NONE);
        fixture.hooks.add(hook(HookEvent.PRE_TOOL_CALL, c -> new HookResult.Block("internal reason 42")));

        var result = (CallResult.Failure) fixture.call("echo", ARGS);

        assertThat(result.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(result.message()).doesNotContain("internal reason");
        assertThat(ran).hasValue(0);
        assertThat(fixture.audit.events().toString()).contains("internal reason 42");
    }

    @Test
    void aRewriteMustStillSatisfyTheSchema() {
        var seen = new AtomicReference<Object>();
        fixture.tool(
                "echo",
                (t, a, g) -> {
                    seen.set(a.get("q"));
                    return ToolOutput.text("x");
                },
                NONE);
        fixture.hooks.add(hook(HookEvent.PRE_TOOL_CALL, c -> new HookResult.Rewrite(Map.of("q", "rewritten"))));
        fixture.call("echo", ARGS);
        assertThat(seen).hasValue("rewritten");

        var bad = new PipelineFixture();
        bad.tool(
                "echo",
                (t, a, g) -> {
                    seen.set(a.get("q"));
                    return ToolOutput.text("x");
                },
                NONE);
        bad.hooks.add(hook(HookEvent.PRE_TOOL_CALL, c -> new HookResult.Rewrite(Map.of("q", 7, "injected", true))));
        bad.call("echo", ARGS);
        assertThat(seen).hasValue("hello");
        assertThat(bad.audit.types()).contains("hook.failed");
    }

    @Test
    void aTransformHookReplacesTheResultAndHooksSeeNoGrant() {
        fixture.tool("echo", (t, a, g) -> ToolOutput.text("raw"), NONE);
        var seen = new AtomicReference<HookContext>();
        fixture.hooks.add(hook(HookEvent.TRANSFORM_TOOL_RESULT, c -> {
            seen.set(c);
            return new HookResult.Replace(ToolOutput.text("transformed"));
        }));
        assertThat(text(fixture.call("echo", ARGS))).isEqualTo("transformed");
        assertThat(seen.get().output()).isPresent();
        // The context type has no grant or secret field at all; check its shape stays that way.
        assertThat(HookContext.class.getRecordComponents())
                .extracting(java.lang.reflect.RecordComponent::getName)
                .containsExactly("tool", "plugin", "principalId", "arguments", "output", "error");
    }

    @Test
    void onErrorHooksSeeFailures() {
        fixture.tool(
                "broken",
                (t, a, g) -> {
                    throw new IllegalStateException();
                },
                NONE);
        var seen = new AtomicReference<HookContext>();
        fixture.hooks.add(hook(HookEvent.ON_ERROR, c -> {
            seen.set(c);
            return HookResult.proceed();
        }));
        fixture.call("broken", ARGS);
        assertThat(seen.get().error()).contains(ErrorCode.PLUGIN_ERROR);
    }
}

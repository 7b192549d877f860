package dev.gatehouse.host;

import static dev.gatehouse.host.PipelineFixture.middleware;
import static dev.gatehouse.host.PipelineFixture.principal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.api.ErrorCode;
import dev.gatehouse.api.gateway.CallResult;
import dev.gatehouse.api.hook.Hook;
import dev.gatehouse.api.manifest.HookDeclaration.HookEvent;
import dev.gatehouse.api.manifest.ToolDefinition;
import dev.gatehouse.api.manifest.ToolMiddleware;
import dev.gatehouse.api.tool.ToolOutput;
import dev.gatehouse.policy.Effect;
import dev.gatehouse.policy.PolicyRule;
import dev.gatehouse.vault.SecretValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Plants a secret in the vault that a plugin legitimately receives, then drives every way text
 * leaves the pipeline (success, each error code the pipeline produces, a timeout, hook failures, a
 * plugin echoing the secret in its output, structured content and error, a crashing plugin) and
 * scans every result and audit record for the secret in plain, base64 and URL-encoded form.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CanarySuiteTest {

    static final String SECRET = "CANARY-suite-secret-0e5f9a3b7c";
    static final Map<String, Object> ARGS = Map.of("q", "hello");

    final List<Object> seen = new ArrayList<>();

    @Test
    void noPathOutOfThePipelineCarriesAPlantedSecret() {
        var release = new CountDownLatch(1);
        var f = new PipelineFixture();
        f.secretNames = List.of("DEMO_TOKEN");
        f.secrets();
        f.vault.set("demo", "DEMO_TOKEN", SecretValue.copyOf(SECRET.toCharArray()));
        var none = ToolMiddleware.none();
        f.tool(
                "echo",
                (t, a, g) -> ToolOutput.text("your token is " + g.secrets().get("DEMO_TOKEN")),
                none);
        f.tool(
                "structured",
                (t, a, g) -> new ToolOutput(
                        List.of(new ToolOutput.Content.Text("see structured")),
                        Optional.of(Map.of(
                                "nested", List.of(Map.of("token", g.secrets().get("DEMO_TOKEN"))))),
                        false),
                none);
        f.tool(
                "tool_error",
                (t, a, g) -> ToolOutput.error("401 for token " + g.secrets().get("DEMO_TOKEN")),
                none);
        f.tool(
                "crash",
                (t, a, g) -> {
                    throw new IllegalStateException(
                            "crashed holding " + g.secrets().get("DEMO_TOKEN"));
                },
                none);
        f.tool(
                "slow",
                (t, a, g) -> {
                    release.await();
                    return ToolOutput.text(g.secrets().get("DEMO_TOKEN"));
                },
                middleware(Optional.of(Duration.ofMillis(100)), Optional.empty(), Optional.empty(), Optional.empty()));
        f.tool(
                "limited",
                (t, a, g) -> ToolOutput.text("ok " + g.secrets().get("DEMO_TOKEN")),
                middleware(
                        Optional.empty(), Optional.empty(),
                        Optional.of(new ToolMiddleware.RateLimit(1, ToolMiddleware.RateLimitKey.USER)),
                                Optional.empty()));
        f.tool(
                "pay",
                (t, a, g) -> ToolOutput.text(SECRET),
                none,
                ToolDefinition.Effect.WRITE,
                ToolDefinition.Approval.ALWAYS,
                true);
        f.tool(
                "changed",
                (t, a, g) -> ToolOutput.text(SECRET),
                none,
                ToolDefinition.Effect.READ,
                ToolDefinition.Approval.NEVER,
                false);
        f.policies.add(new PolicyRule("deny-bob", Effect.DENY, "principal.id == 'key:bob'"));
        f.hooks.add(failingHook(HookEvent.PRE_TOOL_CALL));
        f.hooks.add(failingHook(HookEvent.TRANSFORM_TOOL_RESULT));
        f.hooks.add(failingHook(HookEvent.POST_TOOL_CALL));
        f.hooks.add(failingHook(HookEvent.ON_ERROR));

        var codes = EnumSet.noneOf(ErrorCode.class);
        for (var tool : List.of(
                "echo",
                "structured",
                "tool_error",
                "crash",
                "slow",
                "limited",
                "limited",
                "pay",
                "changed",
                "missing")) {
            record(f.call(tool, ARGS), codes);
        }
        record(f.call("echo", Map.of("q", SECRET + "x".repeat(200))), codes); // schema violation quoting the value
        record(f.call(principal("key:bob", "demo:read"), "echo", ARGS), codes); // policy deny
        record(f.call(principal("key:eve", "other:read"), "echo", ARGS), codes); // missing scope
        release.countDown();

        // Every error code the pipeline itself produces was driven (UNAUTHENTICATED is the surface's,
        // UNAVAILABLE needs an open circuit or a full plugin, both covered in PipelineTest).
        assertThat(codes)
                .containsAll(EnumSet.of(
                        ErrorCode.NOT_FOUND,
                        ErrorCode.INVALID_ARGUMENTS,
                        ErrorCode.PERMISSION_DENIED,
                        ErrorCode.APPROVAL_REQUIRED,
                        ErrorCode.RATE_LIMITED,
                        ErrorCode.TIMEOUT,
                        ErrorCode.PLUGIN_ERROR));
        seen.addAll(f.audit.events());
        assertThat(f.audit.types()).contains("hook.failed", "secret.access");

        var forms = List.of(
                SECRET,
                Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8)),
                URLEncoder.encode(SECRET, StandardCharsets.UTF_8));
        for (var item : seen) {
            for (var form : forms) {
                assertThat(String.valueOf(item)).doesNotContain(form);
            }
        }
        assertThat(seen.stream().map(String::valueOf))
                .anySatisfy(t -> assertThat(t).contains("[REDACTED:DEMO_TOKEN]"));
    }

    private void record(CallResult result, EnumSet<ErrorCode> codes) {
        seen.add(result);
        if (result instanceof CallResult.Failure failure) {
            codes.add(failure.code());
        }
    }

    /** A hook that fails in its event's own way, quoting whatever it can see in the message. */
    private static Hook failingHook(HookEvent event) {
        return PipelineFixture.hook("nosy", event, context -> {
            throw new IllegalStateException("hook saw " + context);
        });
    }
}

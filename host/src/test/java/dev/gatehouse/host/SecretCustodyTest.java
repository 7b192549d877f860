package dev.gatehouse.host;

import static dev.gatehouse.host.PipelineFixture.principal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.api.ErrorCode;
import dev.gatehouse.api.gateway.CallResult;
import dev.gatehouse.api.hook.Hook;
import dev.gatehouse.api.hook.HookContext;
import dev.gatehouse.api.hook.HookResult;
import dev.gatehouse.api.manifest.HookDeclaration.HookEvent;
import dev.gatehouse.api.manifest.ToolMiddleware;
import dev.gatehouse.api.tool.ExecutionGrant;
import dev.gatehouse.api.tool.ToolOutput;
import dev.gatehouse.vault.SecretValue;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A plugin receives only its own declared secrets, only for the call, and whatever it does with
 * them (echo them in its output, its error, its exception) never reaches the caller, a hook or
 * the audit record.
 */
class SecretCustodyTest {

    static final String TOKEN = "CANARY-demo-token-4f9c2b7e1d";
    static final String OTHER = "CANARY-other-plugin-secret-88aa";
    static final Map<String, Object> ARGS = Map.of("q", "hello");

    PipelineFixture fixture = new PipelineFixture();
    AtomicReference<ExecutionGrant> seenGrant = new AtomicReference<>();
    List<HookContext> hookSaw = new ArrayList<>();

    @BeforeEach
    void plantSecrets() {
        fixture.secretNames = List.of("DEMO_TOKEN", "DEMO_UNSET");
        fixture.secrets();
        fixture.vault.set("demo", "DEMO_TOKEN", SecretValue.copyOf(TOKEN.toCharArray()));
        fixture.vault.set("other", "OTHER_TOKEN", SecretValue.copyOf(OTHER.toCharArray()));
        fixture.hooks.add(new Hook() {
            @Override
            public String plugin() {
                return "observer";
            }

            @Override
            public HookEvent event() {
                return HookEvent.POST_TOOL_CALL;
            }

            @Override
            public HookResult handle(HookContext context) {
                hookSaw.add(context);
                return HookResult.proceed();
            }
        });
    }

    void tool(dev.gatehouse.api.tool.ToolHandler handler) {
        fixture.tool(
                "leaky",
                (t, a, g) -> {
                    seenGrant.set(g);
                    return handler.call(t, a, g);
                },
                ToolMiddleware.none());
    }

    @Test
    void theGrantHoldsOnlyThePluginsOwnDeclaredSecretsAndTheAccessIsAuditedByName() {
        tool((t, a, g) -> ToolOutput.text("ok"));

        fixture.call("leaky", ARGS);

        assertThat(seenGrant.get().secrets()).containsOnlyKeys("DEMO_TOKEN").containsEntry("DEMO_TOKEN", TOKEN);
        assertThat(seenGrant.get().toString()).doesNotContain(TOKEN);
        assertThat(fixture.audit.events()).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("secret.access");
            assertThat(e.fields()).containsEntry("names", List.of("DEMO_TOKEN"));
        });
    }

    @Test
    void aSecretEchoedInOutputIsRedactedBeforeHooksAndCallerSeeIt() {
        var encoded = Base64.getEncoder().encodeToString(TOKEN.getBytes());
        tool((t, a, g) -> new ToolOutput(
                List.of(new ToolOutput.Content.Text("token " + g.secrets().get("DEMO_TOKEN") + " b64 " + encoded)),
                Optional.of(Map.of("echo", g.secrets().get("DEMO_TOKEN"))),
                false));

        var result = (CallResult.Success) fixture.call("leaky", ARGS);

        assertThat(result.output().toString())
                .doesNotContain(TOKEN)
                .doesNotContain(encoded)
                .contains("[REDACTED:DEMO_TOKEN]");
        assertThat(hookSaw)
                .singleElement()
                .satisfies(c -> assertThat(c.output().orElseThrow().toString()).doesNotContain(TOKEN));
        assertNoCanaryInAudit();
    }

    @Test
    void aSecretInAToolErrorOrAnExceptionNeverReachesTheCaller() {
        tool((t, a, g) -> ToolOutput.error("auth failed with " + g.secrets().get("DEMO_TOKEN")));
        var toolError = (CallResult.Success) fixture.call("leaky", ARGS);
        assertThat(toolError.output().isError()).isTrue();
        assertThat(toolError.output().toString()).doesNotContain(TOKEN).contains("[REDACTED:DEMO_TOKEN]");

        var crashing = new PipelineFixture();
        crashing.secretNames = List.of("DEMO_TOKEN");
        crashing.secrets();
        crashing.vault.set("demo", "DEMO_TOKEN", SecretValue.copyOf(TOKEN.toCharArray()));
        crashing.tool(
                "leaky",
                (t, a, g) -> {
                    throw new IllegalStateException("boom " + g.secrets().get("DEMO_TOKEN"));
                },
                ToolMiddleware.none());
        var crash = (CallResult.Failure) crashing.call("leaky", ARGS);
        assertThat(crash.code()).isEqualTo(ErrorCode.PLUGIN_ERROR);
        assertThat(crash.toString()).doesNotContain(TOKEN);
        assertThat(crashing.audit.events().toString()).doesNotContain(TOKEN);
    }

    @Test
    void aSecretSetWhileServingIsRedactedFromTheFirstCallThatReceivesIt() {
        tool((t, a, g) -> ToolOutput.text("new " + g.secrets().getOrDefault("DEMO_UNSET", "-")));
        fixture.call("leaky", ARGS); // the redactor is built; DEMO_UNSET is not set yet
        var late = "CANARY-set-later-77c1e0aa";
        fixture.vault.set("demo", "DEMO_UNSET", SecretValue.copyOf(late.toCharArray()));

        var result = (CallResult.Success) fixture.call("leaky", ARGS);

        assertThat(result.output().toString()).doesNotContain(late).contains("[REDACTED:DEMO_UNSET]");
    }

    @Test
    void aSecretSetWhileServingIsRedactedFromToolsThatDeclareNoSecretsToo() {
        var plain = new PipelineFixture();
        plain.secretNames = List.of();
        plain.secrets();
        var shown = new java.util.concurrent.atomic.AtomicReference<>("nothing yet");
        plain.tool("reader", (t, a, g) -> ToolOutput.text("the file says " + shown.get()), ToolMiddleware.none());
        plain.call("reader", ARGS);
        // 'gatehouse secrets set' in another process, then a file tool reads a file holding the value.
        var late = "CANARY-read-from-a-file-5d2e90";
        plain.vault.set("other", "OTHER_LATE", SecretValue.copyOf(late.toCharArray()));
        shown.set(late);
        // The kernel's notice of the vault file's change reaches the host's watcher at once, but on
        // another thread: wait for the redactor (bounded by the once-a-second fallback, not timed).
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (plain.secrets.redactor().redact("x " + late).equals("x " + late)) {
            assertThat(System.nanoTime())
                    .as("the redactor never learned the new secret")
                    .isLessThan(deadline);
            Thread.onSpinWait();
        }

        var result = (CallResult.Success) plain.call("reader", ARGS);

        assertThat(result.output().toString()).doesNotContain(late).contains("[REDACTED:OTHER_LATE]");
        assertThat(plain.audit.events().toString()).doesNotContain(late);
    }

    @Test
    void anotherPluginsSecretIsNeverHandedOut() {
        tool((t, a, g) -> ToolOutput.text(String.valueOf(g.secrets())));
        var result = (CallResult.Success) fixture.call(principal("key:alice", "demo:read"), "leaky", ARGS);
        assertThat(result.output().toString()).doesNotContain(OTHER).doesNotContain("OTHER_TOKEN");
    }

    void assertNoCanaryInAudit() {
        assertThat(fixture.audit.events().toString()).doesNotContain(TOKEN).doesNotContain(OTHER);
    }
}

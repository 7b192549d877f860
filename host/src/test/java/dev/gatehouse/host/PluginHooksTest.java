package dev.gatehouse.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.api.ErrorCode;
import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.auth.Credentials;
import dev.gatehouse.api.gateway.Authenticated;
import dev.gatehouse.api.gateway.CallResult;
import dev.gatehouse.api.gateway.RequestContext;
import dev.gatehouse.api.gateway.ToolView;
import dev.gatehouse.api.hook.HookContext;
import dev.gatehouse.api.hook.HookHandler;
import dev.gatehouse.api.hook.HookResult;
import dev.gatehouse.api.manifest.HookDeclaration.HookEvent;
import dev.gatehouse.api.tool.ToolOutput;
import dev.gatehouse.builtins.Builtin;
import dev.gatehouse.config.GatehouseHome;
import dev.gatehouse.testing.RecordingAuditSink;
import dev.gatehouse.vault.SecretValue;
import dev.gatehouse.vault.VaultConfig;
import dev.gatehouse.vault.VaultEnvironment;
import dev.gatehouse.vault.Vaults;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hooks that builtin plugins bring, run by a real host on a real home: installed, consented and
 * enabled like the plugins' tools, held to the events their manifests declare, and contained when
 * they fail.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PluginHooksTest {

    static final String TOKEN = "CANARY-guard-token-5e1f0a9c77";
    static final VaultEnvironment VAULT =
            VaultEnvironment.of(Optional.of("cd".repeat(32)), notice -> {}).withoutOsStore();

    @TempDir
    Path tmp;

    GatehouseHome home;
    RecordingAuditSink audit = new RecordingAuditSink();
    Clock clock = Clock.systemUTC();
    String adminKey;
    HookPlugins plugins = new HookPlugins();

    @BeforeEach
    void home() throws Exception {
        home = new GatehouseHome(tmp.resolve("home"));
        adminKey = FirstRun.ensure(home, audit, clock).adminKey().orElseThrow();
        // Short enough that a hanging hook costs the test little; long enough for any honest hook.
        Files.writeString(home.configFile(), Files.readString(home.configFile()) + "\ncalls:\n  hook_timeout: 300ms\n");
        try (var vault = Vaults.open(home, new VaultConfig(VaultConfig.Backend.FILE), VAULT)) {
            vault.set("guard", "GUARD_TOKEN", SecretValue.copyOf(TOKEN.toCharArray()));
        }
    }

    HostRuntime open(Builtin... extra) {
        var config = HostRuntimeTest.config(home);
        return HostRuntime.open(
                home,
                config,
                audit,
                new SimpleMeterRegistry(),
                clock,
                HostOptions.defaults().withVault(VAULT).withExtraBuiltins(List.of(extra)));
    }

    Authenticated admin(HostRuntime host) {
        return host.authenticate(new Credentials.ApiKey(adminKey), ctx());
    }

    static RequestContext ctx() {
        return new RequestContext(Instant.now(), "127.0.0.1", "test");
    }

    static CallResult call(HostRuntime host, Authenticated who, String tool, Map<String, Object> args) {
        return who.call(tool, args, ctx());
    }

    static String text(CallResult result) {
        assertThat(result).isInstanceOf(CallResult.Success.class);
        return ((ToolOutput.Content.Text)
                        ((CallResult.Success) result).output().content().getFirst())
                .text();
    }

    List<AuditEvent> events(String type) {
        return audit.events().stream().filter(e -> e.type().equals(type)).toList();
    }

    @Test
    void aPluginsPreCallHookBlocksACallAndTheAuditNamesThePlugin() {
        HookHandler block = c -> String.valueOf(c.arguments().get("q")).contains("forbidden")
                ? new HookResult.Block("no forbidden words, rule 17")
                : HookResult.proceed();
        try (var host = open(plugins.echo(), plugins.guard(Map.of(HookEvent.PRE_TOOL_CALL, block)))) {
            var admin = admin(host);

            var refused = call(host, admin, "echo_say", Map.of("q", "a forbidden word"));

            assertThat(refused).isInstanceOfSatisfying(CallResult.Failure.class, f -> {
                assertThat(f.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
                assertThat(f.message()).doesNotContain("rule 17").doesNotContain("guard");
            });
            assertThat(plugins.echoed).isEmpty();
            assertThat(events("tool.call").getLast().fields())
                    .containsEntry("outcome", "PERMISSION_DENIED")
                    .containsEntry("detail", "blocked by hook guard: no forbidden words, rule 17");

            assertThat(text(call(host, admin, "echo_say", Map.of("q", "a kind word"))))
                    .isEqualTo("said a kind word");
        }
    }

    @Test
    void aPluginsPreCallHookRewritesArgumentsButNeverPastTheToolsSchema() {
        HookHandler rewrite = c -> switch (String.valueOf(c.arguments().get("q"))) {
            case "tidy me" -> new HookResult.Rewrite(Map.of("q", "tidied"));
            case "smuggle" -> new HookResult.Rewrite(Map.of("q", "x".repeat(500), "injected", true));
            default -> HookResult.proceed();
        };
        try (var host = open(plugins.echo(), plugins.guard(Map.of(HookEvent.PRE_TOOL_CALL, rewrite)))) {
            var admin = admin(host);

            assertThat(text(call(host, admin, "echo_say", Map.of("q", "tidy me"))))
                    .isEqualTo("said tidied");
            assertThat(text(call(host, admin, "echo_say", Map.of("q", "smuggle"))))
                    .isEqualTo("said smuggle");

            assertThat(plugins.echoed).containsExactly("tidied", "smuggle");
            assertThat(events("hook.failed")).singleElement().satisfies(e -> assertThat(e.fields())
                    .containsEntry("plugin", "guard")
                    .containsEntry("event", "pre_tool_call")
                    .containsEntry("tool", "echo_say"));
        }
    }

    @Test
    void aPluginsTransformHookReplacesWhatTheCallerReceives() {
        HookHandler shout = c -> {
            var said = ((ToolOutput.Content.Text)
                            c.output().orElseThrow().content().getFirst())
                    .text();
            return new HookResult.Replace(ToolOutput.text(said.toUpperCase(java.util.Locale.ROOT)));
        };
        try (var host = open(plugins.echo(), plugins.guard(Map.of(HookEvent.TRANSFORM_TOOL_RESULT, shout)))) {
            assertThat(text(call(host, admin(host), "echo_say", Map.of("q", "quiet please"))))
                    .isEqualTo("SAID QUIET PLEASE");
        }
    }

    @Test
    void aPluginsHookThatThrowsOrHangsIsContainedAuditedAndTheCallGoesOn() {
        var forever = new CountDownLatch(1);
        HookHandler hang = c -> {
            forever.await();
            return new HookResult.Block("too late to count");
        };
        HookHandler crash = c -> {
            throw new IllegalStateException("hook bug with " + TOKEN);
        };
        var hooks = Map.of(HookEvent.PRE_TOOL_CALL, hang, HookEvent.TRANSFORM_TOOL_RESULT, crash);
        try (var host = open(plugins.echo(), plugins.guard(hooks))) {
            assertThat(text(call(host, admin(host), "echo_say", Map.of("q", "hello"))))
                    .isEqualTo("said hello");
        } finally {
            forever.countDown();
        }
        assertThat(plugins.echoed).containsExactly("hello");
        assertThat(events("hook.failed"))
                .hasSize(2)
                .allSatisfy(e -> assertThat(e.fields()).containsEntry("plugin", "guard"))
                .anySatisfy(e -> assertThat(e.fields())
                        .containsEntry("event", "pre_tool_call")
                        .hasEntrySatisfying(
                                "failure", f -> assertThat((String) f).contains("did not answer")))
                .anySatisfy(e -> assertThat(e.fields())
                        .containsEntry("event", "transform_tool_result")
                        .containsEntry("failure", "threw IllegalStateException"));
        assertThat(events("tool.call").getLast().fields()).containsEntry("outcome", "ok");
        assertThat(audit.events().toString()).doesNotContain(TOKEN);
    }

    @Test
    void aHookItsManifestDoesNotDeclareRefusesThatPluginAndOthersStillWork() {
        var ran = new AtomicInteger();
        var sneaky = countedBlock(ran, "sneaky");
        var guard = plugins.guard(
                List.of(HookEvent.POST_TOOL_CALL),
                Map.of(HookEvent.POST_TOOL_CALL, c -> HookResult.proceed(), HookEvent.PRE_TOOL_CALL, sneaky),
                "");
        try (var host = open(plugins.echo(), guard)) {
            var admin = admin(host);
            assertThat(admin.listTools())
                    .extracting(ToolView::name)
                    .doesNotContain("guard_token")
                    .contains("echo_say", "files_read");
            assertThat(events("plugin.not_loaded")).singleElement().satisfies(e -> {
                assertThat(e.fields()).containsEntry("name", "guard");
                assertThat((String) e.fields().get("reason"))
                        .contains("provides a hook for pre_tool_call, which its manifest does not declare");
            });

            assertThat(text(call(host, admin, "echo_say", Map.of("q", "hello"))))
                    .isEqualTo("said hello");
            assertThat(call(host, admin, "files_write", Map.of("path", "a.txt", "content", "hi")))
                    .isInstanceOf(CallResult.Success.class);
            assertThat(((CallResult.Failure) call(host, admin, "guard_token", Map.of())).code())
                    .isEqualTo(ErrorCode.NOT_FOUND);
        }
        assertThat(ran).hasValue(0);
    }

    @Test
    void aDeclaredHookWithoutCodeRefusesThatPlugin() {
        var guard = plugins.guard(List.of(HookEvent.ON_ERROR, HookEvent.POST_TOOL_CALL), Map.of(), "");
        try (var host = open(plugins.echo(), guard)) {
            assertThat(admin(host).listTools()).extracting(ToolView::name).doesNotContain("guard_token");
            assertThat(events("plugin.not_loaded")).singleElement().satisfies(e -> assertThat(
                            (String) e.fields().get("reason"))
                    .contains("declares a hook for post_tool_call but provides no code for it")
                    .contains("declares a hook for on_error but provides no code for it"));
        }
    }

    @Test
    void aDisabledPluginsHooksDoNotRun() {
        var ran = new AtomicInteger();
        var block = countedBlock(ran, "blocked while enabled");
        try (var host = open(plugins.echo(), plugins.guard(Map.of(HookEvent.PRE_TOOL_CALL, block)))) {
            assertThat(((CallResult.Failure) call(host, admin(host), "echo_say", Map.of("q", "one"))).code())
                    .isEqualTo(ErrorCode.PERMISSION_DENIED);
        }
        assertThat(ran).hasValue(1);
        HostRuntimeTest.lifecycle(home, audit, clock).disable("guard");

        try (var host = open(plugins.echo(), plugins.guard(Map.of(HookEvent.PRE_TOOL_CALL, block)))) {
            assertThat(text(call(host, admin(host), "echo_say", Map.of("q", "two"))))
                    .isEqualTo("said two");
        }
        assertThat(ran).hasValue(1);
        assertThat(plugins.echoed).containsExactly("two");
    }

    @Test
    void aPluginRefusedForItsScopesHasNoHooksEither() {
        var ran = new AtomicInteger();
        var block = countedBlock(ran, "should never run");
        // The guard also arranges echo's namespace, which echo (loaded first, by name) already arranges.
        var guard = plugins.guard(
                List.of(HookEvent.PRE_TOOL_CALL),
                Map.of(HookEvent.PRE_TOOL_CALL, block),
                "scopes:\n  hierarchy:\n    \"echo:admin\": [\"echo:read\"]\n");
        var contested =
                guard.manifestYaml().replace("required_scopes: [\"guard:read\"]", "required_scopes: [\"echo:read\"]");
        try (var host = open(plugins.echo(), new Builtin("guard", contested, guard.handlers(), guard.hooks()))) {
            assertThat(text(call(host, admin(host), "echo_say", Map.of("q", "hello"))))
                    .isEqualTo("said hello");
            assertThat(events("plugin.not_loaded")).singleElement().satisfies(e -> assertThat(e.fields())
                    .containsEntry("name", "guard"));
        }
        assertThat(ran).hasValue(0);
    }

    @Test
    void hooksOfAPluginThatHoldsASecretNeverSeeIt() {
        var seen = new CopyOnWriteArrayList<HookContext>();
        HookHandler watch = c -> {
            seen.add(c);
            return HookResult.proceed();
        };
        var hooks = Map.of(
                HookEvent.PRE_TOOL_CALL, watch,
                HookEvent.POST_TOOL_CALL, watch,
                HookEvent.TRANSFORM_TOOL_RESULT, watch);
        try (var host = open(plugins.echo(), plugins.guard(hooks))) {
            var admin = admin(host);
            var shown = text(call(host, admin, "guard_token", Map.of()));
            call(host, admin, "echo_say", Map.of("q", "hello"));

            // The secret was really in play: the guard's own tool received it in its grant...
            assertThat(plugins.guardTokens).containsExactly(TOKEN);
            // ...but neither its hooks nor the caller ever saw it.
            assertThat(shown).doesNotContain(TOKEN).contains("[REDACTED");
        }
        assertThat(seen).hasSize(6);
        assertThat(seen.toString()).doesNotContain(TOKEN);
        assertThat(seen)
                .filteredOn(c -> c.tool().equals("guard_token") && c.output().isPresent())
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.output().orElseThrow().toString()).contains("[REDACTED"));
    }

    /** A pre-call hook that blocks every call and counts its runs in {@code ran}. */
    static HookHandler countedBlock(AtomicInteger ran, String reason) {
        return c -> {
            ran.incrementAndGet();
            return new HookResult.Block(reason);
        };
    }

    @Test
    void declaredNonSecretEnvFromTheConfigurationReachesTheGrantAndNothingElseDoes() throws Exception {
        Files.writeString(
                home.configFile(),
                Files.readString(home.configFile())
                        + "\nplugin_env:\n  envy:\n    ENVY_BASE_URL: https://crm.example.com\n"
                        + "    ENVY_TOKEN: not-from-here\n    NOT_DECLARED: nope\n");
        try (var host = open(plugins.envy())) {
            var shown = text(call(host, admin(host), "envy_show", Map.of()));
            // Declared and configured: there. Declared but unset: absent. Secret or undeclared: never from config.
            assertThat(shown).isEqualTo("{ENVY_BASE_URL=https://crm.example.com} secrets=[]");
        }
    }

    @Test
    void aPluginEnvNameThatIsNotAnEnvNameIsAConfigurationError() throws Exception {
        Files.writeString(
                home.configFile(), Files.readString(home.configFile()) + "\nplugin_env:\n  envy:\n    lower-case: x\n");
        assertThatThrownBy(() -> HostRuntimeTest.config(home))
                .isInstanceOf(dev.gatehouse.config.ConfigException.class)
                .hasMessageContaining("env names match");
    }
}

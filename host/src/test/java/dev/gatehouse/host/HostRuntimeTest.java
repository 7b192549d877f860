package dev.gatehouse.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.ErrorCode;
import dev.gatehouse.api.audit.AuditSink;
import dev.gatehouse.api.auth.AuthenticationException;
import dev.gatehouse.api.auth.Credentials;
import dev.gatehouse.api.auth.Principal;
import dev.gatehouse.api.gateway.Authenticated;
import dev.gatehouse.api.gateway.CallResult;
import dev.gatehouse.api.gateway.RequestContext;
import dev.gatehouse.api.gateway.ToolView;
import dev.gatehouse.api.tool.ToolOutput;
import dev.gatehouse.auth.ApiKeyStore;
import dev.gatehouse.config.ConfigSection;
import dev.gatehouse.config.GatehouseHome;
import dev.gatehouse.config.OperatorConfig;
import dev.gatehouse.config.OperatorConfigLoader;
import dev.gatehouse.plugins.lifecycle.PluginLifecycle;
import dev.gatehouse.plugins.testing.PluginTree;
import dev.gatehouse.plugins.trust.TrustStore;
import dev.gatehouse.storage.Database;
import dev.gatehouse.testing.RecordingAuditSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host on a real home: first run, builtins, keys, the pipeline, through the Gateway contract. */
class HostRuntimeTest {

    @TempDir
    Path tmp;

    GatehouseHome home;
    RecordingAuditSink audit = new RecordingAuditSink();
    Clock clock = Clock.systemUTC();
    String adminKey;

    @BeforeEach
    void firstRun() throws Exception {
        home = new GatehouseHome(tmp.resolve("home"));
        var result = FirstRun.ensure(home, audit, clock);
        assertThat(result.firstRun()).isTrue();
        adminKey = result.adminKey().orElseThrow();
        assertThat(FirstRun.ensure(home, audit, clock).adminKey()).isEmpty();
    }

    /** The host's sections, and the server's (owned by a module the host cannot see) taken as given. */
    static final List<ConfigSection<?>> SECTIONS = sections();

    static List<ConfigSection<?>> sections() {
        var all = new java.util.ArrayList<ConfigSection<?>>(HostRuntime.SECTIONS);
        all.add(new ConfigSection<>("server", Object.class, node -> "not read here"));
        return all;
    }

    /** The home's gatehouse.yaml, read with {@link #SECTIONS}. */
    static OperatorConfig config(GatehouseHome home) {
        return new OperatorConfigLoader(home.root(), SECTIONS).load();
    }

    /** The lifecycle an operator's CLI would use on this home, to install, enable or inspect plugins. */
    static PluginLifecycle lifecycle(GatehouseHome home, AuditSink audit, Clock clock) {
        return new PluginLifecycle(home, config(home), new TrustStore(home.trust(), clock), audit, clock, "cli:test");
    }

    HostRuntime open() {
        var config = config(home);
        return HostRuntime.open(home, config, audit, new SimpleMeterRegistry(), clock, HostOptions.defaults());
    }

    String key(String name, String... scopes) {
        try (var db = Database.open(home.root().resolve("data/gatehouse.db"))) {
            return ApiKeyStore.sqlite(db, clock, new SecureRandom())
                    .create(name, Set.of(scopes), Optional.empty())
                    .key();
        }
    }

    static RequestContext ctx() {
        return new RequestContext(Instant.now(), "127.0.0.1", "test");
    }

    static CallResult call(HostRuntime host, Authenticated who, String tool, Map<String, Object> args) {
        return who.call(tool, args, ctx());
    }

    @Test
    void aFirstRunGivesAnAdminWhoSeesAndUsesTheBuiltins() {
        try (var host = open()) {
            assertThat(host.notices()).contains("installed and enabled the builtin files");
            var admin = host.authenticate(new Credentials.ApiKey(adminKey), ctx());
            assertThat(admin.listTools())
                    .extracting(ToolView::name)
                    .contains("files_read", "files_write", "files_delete", "http_get");

            var wrote = call(host, admin, "files_write", Map.of("path", "a.txt", "content", "hi"));
            assertThat(wrote).isInstanceOf(CallResult.Success.class);
            var read = (CallResult.Success) call(host, admin, "files_read", Map.of("path", "a.txt"));
            assertThat(((ToolOutput.Content.Text) read.output().content().getFirst()).text())
                    .isEqualTo("hi");
            assertThat(home.defaultWorkspace().resolve("a.txt")).hasContent("hi");
        }
        try (var again = open()) {
            assertThat(again.notices()).isEmpty();
        }
    }

    @Test
    void eachKeySeesOnlyTheToolsItsScopesAllowAndNoScopesMeansNoTools() {
        var reader = key("reader", "files:read");
        var writer = key("writer", "files:write");
        try (var host = open()) {
            var r = host.authenticate(new Credentials.BearerToken(reader), ctx());
            assertThat(r.listTools()).extracting(ToolView::name).containsExactlyInAnyOrder("files_list", "files_read");
            // A tool the key may not call answers like one that does not exist.
            assertThat(((CallResult.Failure) call(host, r, "files_write", Map.of("path", "x", "content", "y"))).code())
                    .isEqualTo(ErrorCode.NOT_FOUND);

            // files:write implies files:read through the builtin's own hierarchy; delete needs files:admin.
            var w = host.authenticate(new Credentials.ApiKey(writer), ctx());
            assertThat(w.listTools())
                    .extracting(ToolView::name)
                    .containsExactlyInAnyOrder("files_list", "files_read", "files_write");

            var nobody = host.callerFor(new Principal("key:nobody", Set.of(), Map.of(), "api_key"));
            assertThat(nobody.listTools()).isEmpty();
        }
    }

    @Test
    void theOperatorCanRaiseAToolsRequiredScopes() throws Exception {
        var reader = key("reader", "files:read");
        Files.writeString(
                home.configFile(),
                Files.readString(home.configFile())
                        + "\ncalls:\n  tools:\n    files_read: {required_scopes: [\"ops:audit\"]}\n");
        try (var host = open()) {
            var r = host.authenticate(new Credentials.ApiKey(reader), ctx());
            assertThat(r.listTools()).extracting(ToolView::name).containsExactly("files_list");
            assertThat(((CallResult.Failure) call(host, r, "files_read", Map.of("path", "a"))).code())
                    .isEqualTo(ErrorCode.NOT_FOUND);
        }
    }

    @Test
    void noCredentialIsRefusedUnlessTheOperatorEnablesAnonymousAccess() {
        try (var host = open()) {
            assertThatThrownBy(() -> host.authenticate(new Credentials.None(), ctx()))
                    .isInstanceOfSatisfying(AuthenticationException.class, e -> assertThat(e.reason())
                            .isEqualTo(AuthenticationException.Reason.MISSING));
            assertThatThrownBy(() -> host.authenticate(new Credentials.BearerToken("ghk_0000_nope"), ctx()))
                    .isInstanceOf(AuthenticationException.class);
            assertThat(audit.types()).contains("auth.failure");
        }
    }

    @Test
    void aBuiltinTheOperatorRemovedStaysRemovedUntilRestored() {
        try (var host = open()) {
            assertThat(host.notices()).contains("installed and enabled the builtin files");
        }
        lifecycle(home, audit, clock).remove("files", false);
        try (var host = open()) {
            assertThat(host.notices()).anySatisfy(n -> assertThat(n).contains("files stays removed"));
            var admin = host.authenticate(new Credentials.ApiKey(adminKey), ctx());
            assertThat(admin.listTools()).extracting(ToolView::name).doesNotContain("files_read");
        }
        assertThat(lifecycle(home, audit, clock).restoreBuiltin("files")).isTrue();
        try (var host = open()) {
            assertThat(host.notices()).contains("installed and enabled the builtin files");
            var admin = host.authenticate(new Credentials.ApiKey(adminKey), ctx());
            assertThat(admin.listTools()).extracting(ToolView::name).contains("files_read");
        }
        assertThat(lifecycle(home, audit, clock).restoreBuiltin("files")).isFalse();
    }

    @Test
    void policiesJudgeTheFileToolsPathAsTheToolWalksIt() throws Exception {
        Files.writeString(
                home.configFile(),
                Files.readString(home.configFile())
                        .replace(
                                "policies: []",
                                "policies:\n  - id: no-secrets\n    effect: deny\n"
                                        + "    when: \"tool.plugin == 'files' && args.path.startsWith('secrets/')\"\n"));
        var workspace = Files.createDirectories(home.defaultWorkspace());
        Files.createDirectories(workspace.resolve("secrets"));
        Files.writeString(workspace.resolve("secrets/x"), "TOP-SECRET-FILE");
        Files.writeString(workspace.resolve("open.txt"), "fine");
        try (var host = open()) {
            var admin = host.authenticate(new Credentials.ApiKey(adminKey), ctx());
            for (var spelling : List.of("secrets/x", "./secrets/x", "secrets//x", ".//secrets/./x")) {
                var result = call(host, admin, "files_read", Map.of("path", spelling));
                assertThat(result).as(spelling).isInstanceOf(CallResult.Failure.class);
                assertThat(((CallResult.Failure) result).code()).as(spelling).isEqualTo(ErrorCode.PERMISSION_DENIED);
            }
            var fine = (CallResult.Success) call(host, admin, "files_read", Map.of("path", "./open.txt"));
            assertThat(fine.output().content().toString()).contains("fine");
        }
    }

    @Test
    void aFloodOfBadKeysFromOneSourceIsCountedInTwoRecordsNotThousands() {
        // A clock that stands still: the whole flood falls inside one window however slow the machine.
        clock = Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), java.time.ZoneOffset.UTC);
        try (var host = open()) {
            var attacker = new RequestContext(Instant.now(), "203.0.113.9", "mcp-http");
            for (int i = 0; i < 500; i++) {
                assertThatThrownBy(() -> host.authenticate(new Credentials.BearerToken("ghk_0000_nope"), attacker))
                        .isInstanceOf(AuthenticationException.class);
            }
            // Another source in the same window still gets its own record at once.
            assertThatThrownBy(() -> host.authenticate(new Credentials.None(), ctx()))
                    .isInstanceOf(AuthenticationException.class);
            assertThat(audit.events().stream().filter(e -> e.type().equals("auth.failure")))
                    .hasSize(2);
        }
        // Closing records what the window still held: nothing is left uncounted.
        var repeated = audit.events().stream()
                .filter(e -> e.type().equals("auth.failure_repeated"))
                .toList();
        assertThat(repeated).singleElement().satisfies(e -> {
            assertThat(e.fields()).containsEntry("client", "203.0.113.9").containsEntry("count", 499);
            assertThat(e.fields().get("reasons").toString()).contains("=499");
        });
    }

    @Test
    void aToolWhoseDefinitionNoLongerMatchesItsConsentIsHiddenAndRefused() throws Exception {
        open().close(); // installs the builtins
        // Tamper with the consent record: as if the operator had consented to another definition.
        var recordFile = home.plugins().resolve("files/record.json");
        var json = new ObjectMapper();
        var record = (ObjectNode) json.readTree(recordFile.toFile());
        ((ObjectNode) record.at("/consent/approved/tools/files_read")).put("fingerprint", "sha256:" + "0".repeat(64));
        json.writeValue(recordFile.toFile(), record);

        try (var host = open()) {
            var admin = host.authenticate(new Credentials.ApiKey(adminKey), ctx());
            assertThat(admin.listTools())
                    .extracting(ToolView::name)
                    .doesNotContain("files_read")
                    .contains("files_list");
            assertThat(((CallResult.Failure) call(host, admin, "files_read", Map.of("path", "a"))).code())
                    .isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(audit.events())
                    .anySatisfy(e -> assertThat(String.valueOf(e.fields().get("reason")))
                            .contains("files_read differs from the definition consented to"));
        }
    }

    @Test
    void aConfigurationThatWidensABuiltinWaitsForConsentWhileTheOldGrantHolds() throws Exception {
        open().close(); // installs the builtins, with no http hosts
        Files.writeString(
                home.configFile(),
                Files.readString(home.configFile()).replace("hosts: []", "hosts: [\"api.example.com:443\"]"));

        try (var host = open()) {
            assertThat(host.notices())
                    .anySatisfy(n -> assertThat(n).contains("widens").contains("http"));
            var admin = host.authenticate(new Credentials.ApiKey(adminKey), ctx());
            var result = (CallResult.Success) call(host, admin, "http_get", Map.of("url", "https://api.example.com/x"));
            // The consented grant still has no hosts: the tool refuses before any lookup.
            assertThat(result.output().isError()).isTrue();
            // ...and the refusal is evidence naming the caller, not just an error text.
            assertThat(audit.events())
                    .filteredOn(e -> e.type().equals("egress.denied"))
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.principal()).isEqualTo(admin.principalId());
                        assertThat(e.fields())
                                .containsEntry("plugin", "http")
                                .containsEntry("tool", "http_get")
                                .containsEntry("host", "api.example.com")
                                .containsEntry("port", 443)
                                .containsEntry("reason", "not_granted");
                    });
        }
        var lifecycle = lifecycle(home, audit, clock);
        assertThat(lifecycle.find("http").pending()).isPresent();
        assertThat(lifecycle.find("files").pending()).isEmpty();
    }

    @Test
    void pluginsOfTiersThatDoNotExistYetAreNotLoadedAndSaySo() {
        var lifecycle = lifecycle(home, audit, clock);
        var dir = PluginTree.named("crm").writeTo(tmp.resolve("crm"));
        try (var prepared = lifecycle.prepare(dir.toString(), s -> {})) {
            lifecycle.install(prepared);
        }
        lifecycle.enable(lifecycle.proposeEnable("crm"), "--yes");

        try (var host = open()) {
            var admin = host.authenticate(new Credentials.ApiKey(adminKey), ctx());
            assertThat(admin.listTools()).extracting(ToolView::name).doesNotContain("crm_lookup");
            // The serve console prints the notices: an enabled plugin that is not loaded says so there.
            assertThat(host.notices()).anySatisfy(n -> assertThat(n)
                    .contains("plugin crm is enabled but not loaded")
                    .contains("process tier"));
            assertThat(audit.events())
                    .anySatisfy(e ->
                            assertThat(String.valueOf(e.fields().get("reason"))).contains("process tier"));
            // Enabled but not loaded: a caller allowed to call it learns it is unavailable...
            assertThat(((CallResult.Failure) call(host, admin, "crm_lookup", Map.of("query", "acme"))).code())
                    .isEqualTo(ErrorCode.UNAVAILABLE);
            // ...and one who is not cannot tell it from a tool that does not exist.
            var nobody = host.callerFor(new Principal("key:nobody", Set.of(), Map.of(), "api_key"));
            assertThat(call(host, nobody, "crm_lookup", Map.of("query", "acme")))
                    .isEqualTo(call(host, nobody, "no_such_tool", Map.of()));
        }
    }

    @Test
    void aProcessPluginRunsItsServerInsideTheSandboxWhenBubblewrapIsOnThePath() throws Exception {
        var lifecycle = lifecycle(home, audit, clock);
        var example = Path.of("..", "examples", "textkit").toAbsolutePath().normalize();
        try (var prepared = lifecycle.prepare(example.toString(), s -> {})) {
            lifecycle.install(prepared);
        }
        lifecycle.enable(lifecycle.proposeEnable("textkit"), "--yes");
        var path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");

        try (var host = HostRuntime.open(
                home,
                config(home),
                audit,
                new SimpleMeterRegistry(),
                clock,
                HostOptions.defaults().withSearchPath(path))) {
            var admin = host.authenticate(new Credentials.ApiKey(adminKey), ctx());
            assertThat(admin.listTools()).extracting(ToolView::name).contains("text_stats");
            var result = call(host, admin, "text_stats", Map.of("text", "one two three"));
            assertThat(result).isInstanceOf(CallResult.Success.class);
            assertThat(((ToolOutput.Content.Text) ((CallResult.Success) result)
                                    .output()
                                    .content()
                                    .getFirst())
                            .text())
                    .isEqualTo("3 words, 1 lines, 13 characters");
            assertThat(audit.events())
                    .filteredOn(e -> e.type().equals("tool.call"))
                    .last()
                    .satisfies(e -> assertThat(e.fields())
                            .containsEntry("plugin", "textkit")
                            .containsEntry("outcome", "ok"));
        }
    }

    HostRuntime openWatching() {
        return HostRuntime.open(
                home,
                config(home),
                audit,
                new SimpleMeterRegistry(),
                clock,
                HostOptions.defaults().withPluginReloadInterval(java.time.Duration.ofMillis(50)));
    }

    /** Polls the running host until {@code done}; bounded so a broken watcher fails instead of hanging. */
    static void eventually(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime())
                    .as("the running host never saw the change")
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void disableRemoveAndEnableReachARunningHostAndAreAudited() throws Exception {
        var reader = key("reader", "files:read");
        Files.createDirectories(home.defaultWorkspace());
        try (var host = openWatching()) {
            var r = host.authenticate(new Credentials.ApiKey(reader), ctx());
            assertThat(call(host, r, "files_list", Map.of())).isInstanceOf(CallResult.Success.class);

            // What 'gatehouse plugins disable files' does, from another process's lifecycle.
            lifecycle(home, audit, clock).disable("files");
            eventually(() -> call(host, r, "files_list", Map.of()) instanceof CallResult.Failure f
                    && f.code() == ErrorCode.NOT_FOUND);
            assertThat(r.listTools()).isEmpty();
            assertThat(audit.events()).anySatisfy(e -> {
                assertThat(e.type()).isEqualTo("plugins.reloaded");
                assertThat(e.fields().get("tools_removed").toString()).contains("files_list", "files_read");
                assertThat(e.fields().get("changes").toString()).contains("files: enabled");
            });

            var lifecycle = lifecycle(home, audit, clock);
            lifecycle.enable(lifecycle.proposeEnable("files"), "--yes");
            eventually(() -> call(host, r, "files_list", Map.of()) instanceof CallResult.Success);

            lifecycle(home, audit, clock).remove("files", false);
            eventually(() -> r.listTools().isEmpty());
            assertThat(((CallResult.Failure) call(host, r, "files_read", Map.of("path", "a"))).code())
                    .isEqualTo(ErrorCode.NOT_FOUND);
        }
    }
}

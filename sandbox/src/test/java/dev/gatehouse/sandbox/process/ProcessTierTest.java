package dev.gatehouse.sandbox.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.api.manifest.Capabilities;
import dev.gatehouse.api.manifest.ToolDefinition;
import dev.gatehouse.api.manifest.ToolMiddleware;
import dev.gatehouse.api.tool.ExecutionGrant;
import dev.gatehouse.api.tool.ToolOutput;
import dev.gatehouse.config.PluginLimits;
import dev.gatehouse.sandbox.EnabledPlugin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process tier with real servers: the example textkit server and a probe server, each started
 * inside real bubblewrap and spoken to with the MCP Java SDK's client.
 */
class ProcessTierTest {

    static final String SECRET = "CANARY-process-tier-secret-77d2";
    static final String PROBE_SCHEMA = "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}}}";

    @TempDir
    Path tmp;

    final List<dev.gatehouse.api.audit.AuditEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();

    final ProcessTier tier = new ProcessTier(
            System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
            Duration.ofSeconds(30),
            events::add,
            java.time.Clock.systemUTC(),
            name -> new PluginLog(
                    tmp.resolve("logs").resolve(name + ".log"),
                    text -> text.replace(SECRET, "[REDACTED:PROBE_TOKEN]"),
                    java.time.Clock.systemUTC()));

    static ToolDefinition tool(String name, String description, String schema) {
        return new ToolDefinition(
                name,
                description,
                schema,
                List.of("demo:read"),
                ToolDefinition.Effect.READ,
                ToolDefinition.Visibility.PUBLIC,
                ToolDefinition.Approval.NEVER,
                ToolMiddleware.none());
    }

    EnabledPlugin plugin(
            String name, Path tree, List<String> command, List<ToolDefinition> tools, Map<String, String> env)
            throws Exception {
        var manifest = dev.gatehouse.testing.Manifests.process(name, command, tools);
        var state = Files.createDirectories(tmp.resolve("state-" + name));
        return new EnabledPlugin(
                manifest, tree, "sha256:test", Set.of(), env, List.of(), List.of(), state, PluginLimits.DEFAULT_LIMITS);
    }

    static ExecutionGrant grant(String tool, Map<String, String> secrets) {
        return new ExecutionGrant(
                "p",
                tool,
                "key:tester",
                Instant.now().plusSeconds(30),
                secrets,
                Map.of(),
                List.of(),
                List.of(),
                List.of(),
                Path.of("/nonexistent"),
                Capabilities.Limits.unset());
    }

    static String text(ToolOutput out) {
        return ((ToolOutput.Content.Text) out.content().getFirst()).text();
    }

    /** A plugin tree holding the probe server, in its own directory. */
    Path probeServer(String name) throws Exception {
        var tree = Files.createDirectories(tmp.resolve(name));
        try (var in = getClass().getResourceAsStream("/mcp/probe-server.js")) {
            Files.copy(in, tree.resolve("server.js"));
        }
        return tree;
    }

    Path copy(Path from, String name) throws Exception {
        var to = Files.createDirectories(tmp.resolve(name));
        try (var files = Files.list(from)) {
            for (var f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    @Test
    void theExampleServerAnswersFromInsideTheSandbox() throws Exception {
        assertThat(tier.unavailable()).isEmpty();
        var tree = copy(Path.of("..", "examples", "textkit").toAbsolutePath().normalize(), "textkit");
        var schema = "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\",\"maxLength\":100000}},"
                + "\"required\":[\"text\"]}";
        var plugin = plugin(
                "textkit",
                tree,
                List.of("node", "server.js"),
                List.of(tool("text_stats", "Count the words, lines and characters of a text.", schema)),
                Map.of());
        try (var runtime = tier.open(plugin)) {
            var out = runtime.tools()
                    .call("text_stats", Map.of("text", "two words\nand a line"), grant("text_stats", Map.of()));
            assertThat(out.isError()).isFalse();
            assertThat(text(out)).isEqualTo("5 words, 2 lines, 20 characters");
        }
    }

    @Test
    void theServerSeesItsOwnEnvAndSecretsOnlyRunsAsNobodyAndUndeclaredOrChangedToolsAreRefused() throws Exception {
        var tree = probeServer("probe");
        var home = Files.createDirectories(tmp.resolve("gatehouse-home"));
        Files.writeString(home.resolve("vault.enc"), "not for plugins");
        var plugin = plugin(
                "probe",
                tree,
                List.of("node", "server.js"),
                List.of(
                        tool("probe", "Reports what the server sees.", PROBE_SCHEMA),
                        tool("missing", "Declared, never offered.", "{\"type\":\"object\"}")),
                Map.of("PROBE_MODE", "plain"));
        try (var runtime = tier.open(plugin)) {
            var out = runtime.tools()
                    .call(
                            "probe",
                            Map.of("path", home.resolve("vault.enc").toString()),
                            grant("probe", Map.of("PROBE_TOKEN", SECRET)));
            var seen = new ObjectMapper().readTree(text(out));
            assertThat(seen.get("uid").asInt()).isEqualTo(Bubblewrap.UNPRIVILEGED);
            assertThat(seen.get("secret_length").asInt()).isEqualTo(SECRET.length());
            assertThat(seen.get("path_visible").asBoolean()).isFalse();
            assertThat(seen.get("env").toString())
                    .isEqualTo("[\"HOME\",\"LANG\",\"PATH\",\"PROBE_MODE\",\"PROBE_TOKEN\",\"PWD\"]");
            assertThat(seen.get("cwd").asText()).isEqualTo(plugin.stateDir().toString());
            assertThat(out.structured()).isPresent();

            // A tool the manifest declares but the server does not offer, and one it offers undeclared.
            // (The same secrets as above: a call with other secrets would restart the server.)
            var secrets = Map.of("PROBE_TOKEN", SECRET);
            assertThat(text(runtime.tools().call("missing", Map.of(), grant("missing", secrets))))
                    .isEqualTo("the plugin's server does not offer missing");
            assertThat(runtime.tools()
                            .call("undeclared", Map.of(), grant("undeclared", secrets))
                            .isError())
                    .isTrue();
        }

        // Closed: nothing of the sandbox is left running, and what it said on stderr is kept, redacted.
        assertThat(processesRunning(tree)).isEmpty();
        assertThat(PluginLog.tail(tmp.resolve("logs/probe.log"), 10))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line)
                        .endsWith("probe called with token [REDACTED:PROBE_TOKEN]?[31m")
                        .doesNotContain(SECRET)
                        .doesNotContain("\u001b"));
        assertThat(events)
                .extracting(e -> e.type() + " " + e.fields().getOrDefault("tool", ""))
                .containsExactly(
                        "plugin.tool_undeclared crash",
                        "plugin.tool_undeclared undeclared",
                        "plugin.started ",
                        "plugin.stopped ");

        // The same server, consented to with another description: a rug pull, refused.
        var pulled = plugin(
                "pulled",
                tree,
                List.of("node", "server.js"),
                List.of(tool("probe", "Reports the weather.", PROBE_SCHEMA)),
                Map.of());
        try (var runtime = tier.open(pulled)) {
            var out = runtime.tools().call("probe", Map.of(), grant("probe", Map.of()));
            assertThat(out.isError()).isTrue();
            assertThat(text(out)).contains("differently from the definition the operator consented to");
        }
        assertThat(events)
                .extracting(e -> e.type() + " " + e.fields().getOrDefault("tool", ""))
                .contains("plugin.tool_changed probe");
    }

    @Test
    void aChangedSecretRestartsTheServerWithTheNewValue() throws Exception {
        var tree = probeServer("probe2");
        var plugin = plugin(
                "rotating",
                tree,
                List.of("node", "server.js"),
                List.of(tool("probe", "Reports what the server sees.", PROBE_SCHEMA)),
                Map.of());
        try (var runtime = tier.open(plugin)) {
            var first = runtime.tools().call("probe", Map.of(), grant("probe", Map.of("PROBE_TOKEN", "short")));
            var same = runtime.tools().call("probe", Map.of(), grant("probe", Map.of("PROBE_TOKEN", "short")));
            var rotated =
                    runtime.tools().call("probe", Map.of(), grant("probe", Map.of("PROBE_TOKEN", "a-longer-one")));
            var json = new ObjectMapper();
            assertThat(json.readTree(text(first)).get("secret_length").asInt()).isEqualTo(5);
            assertThat(json.readTree(text(same)).get("secret_length").asInt()).isEqualTo(5);
            assertThat(json.readTree(text(rotated)).get("secret_length").asInt())
                    .isEqualTo(12);
        }
        assertThat(events)
                .extracting(dev.gatehouse.api.audit.AuditEvent::type)
                .filteredOn(t -> t.startsWith("plugin.st"))
                .containsExactly("plugin.started", "plugin.stopped", "plugin.started", "plugin.stopped");
    }

    @Test
    void aServerThatDiesIsStartedAgainOnTheNextCall() throws Exception {
        var tree = probeServer("probe3");
        // A server that dies mid-call is noticed when the call's time is up (2 s here): the SDK's client
        // does not fail a request whose server went away.
        var plugin = withTimeout(plugin(
                "crashy",
                tree,
                List.of("node", "server.js"),
                List.of(
                        tool("probe", "Reports what the server sees.", PROBE_SCHEMA),
                        tool("crash", "Exits without answering.", "{\"type\":\"object\"}")),
                Map.of()));
        try (var runtime = tier.open(plugin)) {
            var grant = grant("crash", Map.of());
            assertThat(runtime.tools().call("probe", Map.of(), grant).isError()).isFalse();
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> runtime.tools().call("crash", Map.of(), grant))
                    .isInstanceOf(RuntimeException.class);
            // Nothing of the dead server's sandbox is left, and the next call is answered by a new one.
            assertThat(processesRunning(tree)).isEmpty();
            assertThat(runtime.tools().call("probe", Map.of(), grant).isError()).isFalse();
        }
        assertThat(events)
                .extracting(dev.gatehouse.api.audit.AuditEvent::type)
                .filteredOn(t -> t.startsWith("plugin.st"))
                .containsExactly("plugin.started", "plugin.stopped", "plugin.started", "plugin.stopped");
    }

    static EnabledPlugin withTimeout(EnabledPlugin p) {
        var d = PluginLimits.DEFAULT_LIMITS;
        return new EnabledPlugin(
                p.manifest(),
                p.directory(),
                p.digest(),
                p.consentedHooks(),
                p.env(),
                p.readPaths(),
                p.writePaths(),
                p.stateDir(),
                new PluginLimits(d.memoryMb(), Duration.ofSeconds(2), d.cpuSeconds(), d.maxOutputKb(), d.processes()));
    }

    /** The processes whose command line names something under {@code dir}, by pid. */
    static List<String> processesRunning(Path dir) throws Exception {
        var found = new java.util.ArrayList<String>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        do {
            found.clear();
            try (var procs = Files.list(Path.of("/proc"))) {
                for (var p : procs.filter(p -> p.getFileName().toString().matches("[0-9]+"))
                        .toList()) {
                    try {
                        var cmdline = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                        if (cmdline.contains(dir.toString())) {
                            found.add(p.getFileName() + ": " + cmdline);
                        }
                    } catch (java.io.IOException e) {
                        // Gone while we looked.
                    }
                }
            }
            if (found.isEmpty()) {
                return found;
            }
            // The kernel reaps a killed namespace asynchronously; give it a moment, bounded.
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return found;
    }

    @Test
    void withoutBubblewrapTheTierRefusesAndSaysHowToFixIt() {
        var none = ProcessTier.probe("/nonexistent");
        assertThat(none.unavailable())
                .hasValueSatisfying(
                        why -> assertThat(why)
                                .isEqualTo(
                                        "the process tier needs bubblewrap (bwrap), which is not on PATH: install the 'bubblewrap' package"));
    }
}

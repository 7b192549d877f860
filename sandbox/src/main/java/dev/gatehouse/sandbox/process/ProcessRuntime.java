package dev.gatehouse.sandbox.process;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.api.hook.HookHandler;
import dev.gatehouse.api.manifest.HookDeclaration.HookEvent;
import dev.gatehouse.api.manifest.ToolDefinition;
import dev.gatehouse.api.tool.ExecutionGrant;
import dev.gatehouse.api.tool.ToolHandler;
import dev.gatehouse.api.tool.ToolOutput;
import dev.gatehouse.sandbox.EnabledPlugin;
import dev.gatehouse.sandbox.PluginRuntime;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One MCP server over stdio, inside bubblewrap, spoken to with the MCP Java SDK's client. It starts
 * on the first call, with the plugin's declared env and the call's declared secrets in its
 * environment (never in argv); a call whose secrets differ from those it was started with restarts
 * it. At start its {@code tools/list} is held to the manifest the operator consented to: a tool the
 * manifest does not declare is never offered, and one whose description or input schema changed
 * (a rug pull) is refused until the operator consents again. It runs in control groups of its own
 * that hold it to the manifest's memory and process limits; {@link #close} kills everything in
 * them and removes them.
 */
final class ProcessRuntime implements PluginRuntime {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EnabledPlugin plugin;
    private final dev.gatehouse.api.audit.AuditSink audit;
    private final java.time.Clock clock;
    private final PluginLog log;
    private final Bubblewrap bwrap;
    private final byte[] seccomp;
    private final Duration startTimeout;
    private final Object lock = new Object();
    private Running running;

    /** A started server and what it was started with. */
    private record Running(
            McpSyncClient client,
            String secretsDigest,
            Map<String, Optional<String>> refused,
            Path seccompFile,
            PluginCgroup groups) {}

    ProcessRuntime(
            EnabledPlugin plugin,
            Bubblewrap bwrap,
            byte[] seccomp,
            Duration startTimeout,
            dev.gatehouse.api.audit.AuditSink audit,
            java.time.Clock clock,
            PluginLog log) {
        this.plugin = plugin;
        this.log = log;
        this.audit = audit;
        this.clock = clock;
        this.bwrap = bwrap;
        this.seccomp = seccomp.clone();
        this.startTimeout = startTimeout;
    }

    @Override
    public ToolHandler tools() {
        return this::call;
    }

    /** Process plugins bring no hooks yet; one that declares them is refused by the host. */
    @Override
    public Map<HookEvent, HookHandler> hooks() {
        return Map.of();
    }

    /** Ready: the server starts on the first call. Watching it by ping and restarting it come next. */
    @Override
    public Health health() {
        return new Health.Ready();
    }

    private ToolOutput call(String tool, Map<String, Object> arguments, ExecutionGrant grant) {
        var server = started(grant);
        var why = server.refused().get(tool);
        if (why == null) {
            return ToolOutput.error("the plugin's server does not provide " + tool);
        }
        if (why.isPresent()) {
            return ToolOutput.error(why.get());
        }
        McpSchema.CallToolResult result;
        try {
            result = server.client().callTool(new McpSchema.CallToolRequest(tool, arguments, null));
        } catch (io.modelcontextprotocol.spec.McpError e) {
            // The server answered, with a JSON-RPC error: it is alive; the call failed.
            throw e;
        } catch (RuntimeException e) {
            // No answer: the server died, hung or broke the protocol. This one is stopped (its whole
            // sandbox killed) and the next call starts a new one; the host's circuit breaker spaces
            // the restarts of a plugin that keeps failing.
            discard(server);
            throw e;
        }
        return output(result);
    }

    /** Stops {@code server} if it is still the running one. */
    private void discard(Running server) {
        synchronized (lock) {
            if (running == server) {
                running = null;
                stop(server);
            }
        }
    }

    /** The running server, started (or restarted, when the call's secrets differ) as needed. */
    private Running started(ExecutionGrant grant) {
        var digest = digest(grant.secrets());
        synchronized (lock) {
            if (running != null && !running.secretsDigest().equals(digest)) {
                stop(running);
                running = null;
            }
            if (running == null) {
                running = start(grant.secrets(), digest);
            }
            return running;
        }
    }

    private Running start(Map<String, String> secrets, String digest) {
        var env = new TreeMap<>(plugin.env());
        env.putAll(secrets);
        var spec = new SandboxSpec(
                plugin.directory(),
                plugin.stateDir(),
                existing(plugin.readPaths()),
                existing(plugin.writePaths()),
                env,
                !plugin.manifest().capabilities().net().isEmpty(),
                command());
        Path seccompFile;
        try {
            Files.createDirectories(plugin.stateDir());
            seccompFile = Files.createTempFile(
                    "gatehouse-seccomp-",
                    ".bpf",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(seccompFile, seccomp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the sandbox of " + plugin.name(), e);
        }
        PluginCgroup groups;
        try {
            groups = PluginCgroup.create(
                    plugin.name(), plugin.limits().processes(), plugin.limits().memoryMb());
        } catch (SandboxUnavailable e) {
            deleteQuietly(seccompFile);
            throw new IllegalStateException(e.getMessage(), e);
        }
        var argv = bwrap.argv(spec, seccompFile, groups.joinFiles());
        var params = ServerParameters.builder(argv.getFirst())
                .args(argv.subList(1, argv.size()))
                .env(Bubblewrap.environment(spec))
                .build();
        var transport = new SandboxedStdioTransport(params, new JacksonMcpJsonMapper(JSON));
        if (log != null) {
            transport.setStdErrorHandler(log::append);
        }
        var client = McpClient.sync(transport)
                .requestTimeout(plugin.limits().timeout())
                .initializationTimeout(startTimeout)
                .clientInfo(McpSchema.Implementation.builder("gatehouse", "1").build())
                .build();
        try {
            client.initialize();
            var verdicts = check(client.listTools().tools());
            record("plugin.started", Map.of("name", plugin.name(), "digest", plugin.digest()));
            return new Running(client, digest, verdicts, seccompFile, groups);
        } catch (RuntimeException e) {
            client.close();
            groups.close();
            deleteQuietly(seccompFile);
            throw e;
        }
    }

    /** Declared paths that exist now: bubblewrap refuses to start over a missing one. */
    private static List<Path> existing(List<Path> paths) {
        return paths.stream().filter(Files::exists).toList();
    }

    /** The manifest's command, looked up on the sandbox's PATH; a relative path is the plugin tree's. */
    private List<String> command() {
        var declared =
                ((dev.gatehouse.api.manifest.Runtime.Process) plugin.manifest().runtime()).command();
        var command = new ArrayList<>(declared);
        // "node server.js" or "./bin/server": names of the tree's files are resolved against it,
        // since the plugin starts in its state directory.
        for (int i = 0; i < command.size(); i++) {
            var arg = command.get(i);
            if (arg.startsWith("-") || (i == 0 && !arg.contains("/"))) {
                continue;
            }
            var candidate = plugin.directory().resolve(arg).normalize();
            if (candidate.startsWith(plugin.directory()) && Files.exists(candidate)) {
                command.set(i, candidate.toString());
            }
        }
        return command;
    }

    /**
     * Each declared tool, and why it may not be called (empty when it may): the server must offer
     * it with the description and input schema the operator consented to.
     */
    private Map<String, Optional<String>> check(List<McpSchema.Tool> offered) {
        var byName = new LinkedHashMap<String, McpSchema.Tool>();
        offered.forEach(t -> byName.put(t.name(), t));
        var declared =
                plugin.manifest().tools().stream().map(ToolDefinition::name).toList();
        for (var name : byName.keySet()) {
            if (!declared.contains(name)) {
                // Never callable: the registry holds only declared tools. Recorded, bounded: hostile text.
                record("plugin.tool_undeclared", Map.of("name", plugin.name(), "tool", bounded(name)));
            }
        }
        var verdicts = new LinkedHashMap<String, Optional<String>>();
        for (ToolDefinition def : plugin.manifest().tools()) {
            var tool = byName.get(def.name());
            if (tool == null) {
                verdicts.put(def.name(), Optional.of("the plugin's server does not offer " + def.name()));
            } else if (!sameDefinition(def, tool)) {
                record("plugin.tool_changed", Map.of("name", plugin.name(), "tool", def.name()));
                verdicts.put(
                        def.name(),
                        Optional.of("the plugin's server describes " + def.name()
                                + " differently from the definition the operator consented to"));
            } else {
                verdicts.put(def.name(), Optional.empty());
            }
        }
        return verdicts;
    }

    private static boolean sameDefinition(ToolDefinition def, McpSchema.Tool tool) {
        try {
            var consented = JSON.readTree(def.inputSchemaJson());
            var offered = JSON.valueToTree(tool.inputSchema());
            return consented.equals(offered) && def.description().equals(tool.description());
        } catch (IOException e) {
            return false;
        }
    }

    private void record(String type, Map<String, Object> fields) {
        audit.record(new dev.gatehouse.api.audit.AuditEvent(
                clock.instant(), type, "system:host", new LinkedHashMap<>(fields)));
    }

    private static String bounded(String text) {
        return text.length() <= 128 ? text : text.substring(0, 128) + "...";
    }

    private static ToolOutput output(McpSchema.CallToolResult result) {
        var content = new ArrayList<ToolOutput.Content>();
        for (var c : result.content()) {
            if (c instanceof McpSchema.TextContent t) {
                content.add(new ToolOutput.Content.Text(t.text()));
            } else {
                content.add(new ToolOutput.Content.Text("[" + c.type() + " content is not passed on by this version]"));
            }
        }
        Optional<Map<String, Object>> structured = Optional.empty();
        if (result.structuredContent() instanceof Map<?, ?> map) {
            var copy = new LinkedHashMap<String, Object>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), v));
            structured = Optional.of(copy);
        }
        return new ToolOutput(content, structured, Boolean.TRUE.equals(result.isError()));
    }

    private static String digest(Map<String, String> secrets) {
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(secrets).forEach((k, v) -> {
                sha.update(k.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(v.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            });
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Ends the server: the client closes its pipes, then everything left in its groups is killed. */
    private void stop(Running r) {
        record("plugin.stopped", Map.of("name", plugin.name()));
        try {
            r.client().close();
        } finally {
            r.groups().close();
            deleteQuietly(r.seccompFile());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover seccomp program holds nothing secret.
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (running != null) {
                stop(running);
                running = null;
            }
        }
    }
}

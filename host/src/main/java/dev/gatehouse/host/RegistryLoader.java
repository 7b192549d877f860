package dev.gatehouse.host;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.audit.AuditSink;
import dev.gatehouse.api.gateway.ToolView;
import dev.gatehouse.api.hook.Hook;
import dev.gatehouse.api.hook.HookHandler;
import dev.gatehouse.api.manifest.HookDeclaration.HookEvent;
import dev.gatehouse.api.manifest.PluginManifest;
import dev.gatehouse.api.manifest.ToolDefinition;
import dev.gatehouse.api.tool.ToolHandler;
import dev.gatehouse.config.GatehouseHome;
import dev.gatehouse.config.GrantedPathSyntax;
import dev.gatehouse.config.PluginLimits;
import dev.gatehouse.plugins.PluginException;
import dev.gatehouse.plugins.lifecycle.LoadedPlugin;
import dev.gatehouse.plugins.lifecycle.PluginLifecycle;
import dev.gatehouse.plugins.manifest.ToolFingerprint;
import dev.gatehouse.sandbox.EnabledPlugin;
import dev.gatehouse.sandbox.PluginRuntime;
import dev.gatehouse.sandbox.TierException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the tool registry and the plugins' hooks from the enabled plugins: each is loaded through
 * the lifecycle (which re-hashes its tree), opened by the tier of its runtime, each tool is
 * checked against the fingerprint the operator consented to, and its hooks against the events its
 * manifest declares.
 */
final class RegistryLoader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PluginLifecycle lifecycle;
    private final Runtimes runtimes;
    private final PluginEnvConfig env;
    private final CallsConfig calls;
    private final PluginLimits defaults;
    private final GatehouseHome home;
    private final Path workspace;
    private final AuditSink audit;
    private final Clock clock;
    private final SchemaRegistry schemas = schemas();

    RegistryLoader(
            PluginLifecycle lifecycle,
            Runtimes runtimes,
            PluginEnvConfig env,
            CallsConfig calls,
            PluginLimits defaults,
            GatehouseHome home,
            Path workspace,
            AuditSink audit,
            Clock clock) {
        this.lifecycle = lifecycle;
        this.runtimes = runtimes;
        this.env = env;
        this.calls = calls;
        this.defaults = defaults;
        this.home = home;
        this.workspace = workspace;
        this.audit = audit;
        this.clock = clock;
    }

    /** Draft 2020-12, and nothing fetched from anywhere: a schema is hostile input from a manifest. */
    static SchemaRegistry schemas() {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    }

    /**
     * The plugins that loaded, for the scope graph; the registry holds their tools.
     *
     * @param hooks the loaded plugins' hooks, in plugin name order
     */
    record Loaded(ToolRegistry registry, List<PluginManifest> plugins, List<Hook> hooks, List<String> problems) {}

    private final List<String> problems = new ArrayList<>();

    Loaded load() {
        problems.clear();
        var tools = new HashMap<String, RegisteredTool>();
        var plugins = new ArrayList<PluginManifest>();
        var hooks = new ArrayList<Hook>();
        var names = new java.util.HashSet<String>();
        for (var record : lifecycle.list()) {
            if (!record.enabled()) {
                continue;
            }
            LoadedPlugin loaded;
            try {
                loaded = lifecycle.load(record.name());
            } catch (PluginException e) {
                notLoaded(record.name(), e.getMessage());
                continue;
            }
            var m = loaded.manifest();
            var approved = record.consent().orElseThrow().approved();
            var enabled = enabled(loaded, approved.hooks());
            names.add(m.name());
            ToolHandler handler;
            Map<HookEvent, HookHandler> provided;
            try {
                PluginRuntime runtime = runtimes.runtimeFor(enabled);
                handler = runtime.tools();
                provided = runtime.hooks();
            } catch (TierException e) {
                // Its tools stay registered, so a caller allowed to see them gets UNAVAILABLE.
                notLoaded(m.name(), e.getMessage());
                handler = new UnavailableTier(e.getMessage());
                provided = Map.of();
            }
            // A plugin its tier cannot run has no hooks to match; its tools answer UNAVAILABLE.
            if (!(handler instanceof UnavailableTier)) {
                switch (PluginHooks.match(m, approved.hooks(), provided)) {
                    case PluginHooks.Match.Refused r -> {
                        notLoaded(m.name(), r.reason());
                        continue;
                    }
                    case PluginHooks.Match.Registered r -> hooks.addAll(r.hooks());
                }
            }
            plugins.add(m);
            var consented = approved.toolFingerprints();
            for (var def : m.tools()) {
                if (tools.containsKey(def.name())) {
                    notLoaded(
                            m.name(),
                            "tool " + def.name() + " is already provided by "
                                    + tools.get(def.name()).plugin() + "; this plugin's copy is not loaded");
                    continue;
                }
                boolean pinned = ToolFingerprint.of(def).equals(consented.get(def.name()));
                if (!pinned) {
                    notLoaded(
                            m.name(),
                            "tool " + def.name() + " differs from the definition consented to;"
                                    + " hidden until 'gatehouse plugins enable " + m.name() + "' consents again");
                }
                tools.put(def.name(), register(enabled, def, handler, pinned));
            }
        }
        runtimes.retainOnly(names);
        return new Loaded(new ToolRegistry(tools), plugins, List.copyOf(hooks), List.copyOf(problems));
    }

    /** What the plugin's tier is given: the consented plugin, its env and state dir, its limits. */
    private EnabledPlugin enabled(LoadedPlugin loaded, java.util.Set<String> consentedHooks) {
        var m = loaded.manifest();
        return new EnabledPlugin(
                m,
                loaded.directory(),
                loaded.record().active().digest(),
                consentedHooks,
                declaredEnv(m),
                resolve(m.capabilities().fsRead()),
                resolve(m.capabilities().fsWrite()),
                home.state(m.name()),
                effective(m.capabilities().limits()));
    }

    /** The operator's values for the env the manifest declares as non-secret; nothing else. */
    private Map<String, String> declaredEnv(PluginManifest m) {
        var configured = env.of(m.name());
        var declared = new LinkedHashMap<String, String>();
        m.env().stream()
                .filter(e -> !e.secret())
                .filter(e -> configured.containsKey(e.name()))
                .forEach(e -> declared.put(e.name(), configured.get(e.name())));
        return Map.copyOf(declared);
    }

    private PluginLimits effective(dev.gatehouse.api.manifest.Capabilities.Limits limits) {
        return new PluginLimits(
                limits.memoryMb().orElse(defaults.memoryMb()),
                limits.timeout().orElse(defaults.timeout()),
                limits.cpuSeconds().orElse(defaults.cpuSeconds()),
                limits.maxOutputKb().orElse(defaults.maxOutputKb()),
                limits.processes().orElse(defaults.processes()));
    }

    /** @param enabled what the plugin's tier was given: its grant's env, paths and state dir come from there */
    private RegisteredTool register(EnabledPlugin enabled, ToolDefinition def, ToolHandler handler, boolean pinned) {
        var m = enabled.manifest();
        var override = calls.tools().get(def.name());
        var scopes = override != null && override.requiredScopes().isPresent()
                ? override.requiredScopes().get()
                : def.requiredScopes();
        var limits = m.capabilities().limits();
        Duration timeout = override != null && override.timeout().isPresent()
                ? override.timeout().get()
                : def.middleware().timeout().orElse(limits.timeout().orElse(calls.timeout()));
        var rate = override != null && override.rateLimit().isPresent()
                ? override.rateLimit()
                : def.middleware().rateLimit();
        var cache = def.effects() == ToolDefinition.Effect.READ
                ? def.middleware().cache()
                : java.util.Optional.<dev.gatehouse.api.manifest.ToolMiddleware.Cache>empty();
        long maxOutputChars = 1024L * limits.maxOutputKb().orElse(defaults.maxOutputKb());
        com.networknt.schema.Schema schema;
        try {
            schema = schemas.getSchema(JSON.readTree(def.inputSchemaJson()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var grant = new RegisteredTool.GrantTemplate(
                m.name(),
                enabled.env(),
                m.capabilities().net(),
                enabled.readPaths(),
                enabled.writePaths(),
                enabled.stateDir(),
                limits,
                m.secretNames());
        return new RegisteredTool(
                def.name(),
                m.name(),
                def,
                List.copyOf(scopes),
                schema,
                handler,
                grant,
                timeout,
                rate,
                cache,
                def.middleware().retry(),
                maxOutputChars,
                pinned,
                new ToolView(def.name(), def.description(), def.inputSchemaJson(), m.name(), def.effects()));
    }

    private List<Path> resolve(List<String> paths) {
        return paths.stream()
                .map(p -> p.startsWith(GrantedPathSyntax.WORKSPACE)
                        ? Path.of(workspace + p.substring(GrantedPathSyntax.WORKSPACE.length()))
                        : Path.of(p))
                .map(Path::normalize)
                .toList();
    }

    private void notLoaded(String plugin, String why) {
        problems.add("plugin " + plugin + " is enabled but not loaded: " + why);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", plugin);
        fields.put("reason", why);
        audit.record(new AuditEvent(clock.instant(), "plugin.not_loaded", "system:host", fields));
    }
}

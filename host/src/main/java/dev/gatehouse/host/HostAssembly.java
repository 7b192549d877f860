package dev.gatehouse.host;

import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.audit.AuditSink;
import dev.gatehouse.api.manifest.PluginManifest;
import dev.gatehouse.auth.ApiKeyStore;
import dev.gatehouse.auth.AuthConfig;
import dev.gatehouse.auth.Authenticators;
import dev.gatehouse.builtins.BuiltinTier;
import dev.gatehouse.builtins.Builtins;
import dev.gatehouse.builtins.BuiltinsConfig;
import dev.gatehouse.config.GatehouseHome;
import dev.gatehouse.config.OperatorConfig;
import dev.gatehouse.plugins.lifecycle.PluginLifecycle;
import dev.gatehouse.plugins.trust.TrustStore;
import dev.gatehouse.policy.PluginScopes;
import dev.gatehouse.policy.PolicyConfig;
import dev.gatehouse.policy.PolicyException;
import dev.gatehouse.policy.PolicySet;
import dev.gatehouse.policy.ScopeConfig;
import dev.gatehouse.policy.ScopeGraph;
import dev.gatehouse.storage.Database;
import dev.gatehouse.vault.Vault;
import dev.gatehouse.vault.VaultConfig;
import dev.gatehouse.vault.Vaults;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Wires the host's parts together from the home directory and configuration. */
final class HostAssembly {

    private HostAssembly() {}

    static HostRuntime assemble(
            GatehouseHome home,
            OperatorConfig config,
            AuditSink rawAudit,
            MeterRegistry meters,
            Clock clock,
            HostOptions options) {
        var extraBuiltins = options.extraBuiltins();
        // Every record the host writes passes the redactor first (it knows every vault value).
        var redactors = options.redactors();
        AuditSink audit = new RedactingAudit(rawAudit, redactors);
        var database = Database.open(home.database());
        Vault vault = null;
        try {
            ConfigChanges.record(config, database, audit, clock);
            vault = Vaults.open(home, config.section(VaultConfig.SECTION), options.vault());
            var secrets = new SecretKeeper(
                    vault,
                    List.of(home.root().resolve(Vaults.VAULT_FILE), home.root().resolve(Vaults.KEYRING_INDEX)),
                    redactors,
                    audit,
                    clock);
            var calls = config.section(CallsConfig.SECTION);
            var workspace = config.section(WorkspaceConfig.SECTION).resolve(home.root());
            var keys = ApiKeyStore.sqlite(database, clock, new SecureRandom());
            var authConfig = config.section(AuthConfig.SECTION);
            var authenticator = Authenticators.from(authConfig, keys, clock);
            var builtinList = new java.util.ArrayList<>(bundled(home, config, workspace, clock, audit));
            builtinList.addAll(extraBuiltins);
            var runtimes = new Runtimes(Runtimes.standard(
                    new BuiltinTier(builtinList),
                    options.searchPath(),
                    audit,
                    clock,
                    // Plugin stderr is hostile output: redacted with all the host knows before it is kept.
                    name -> new dev.gatehouse.sandbox.process.PluginLog(
                            home.pluginLog(name), text -> redactors.current().redact(text), clock)));
            var lifecycle =
                    new PluginLifecycle(home, config, new TrustStore(home.trust(), clock), audit, clock, "system:host");
            var notices = BuiltinSync.sync(lifecycle, builtinList, "bundled");
            var threads = HostRuntime.newThreads();
            var deadlines = new Deadlines(threads);
            var metrics = new CallMetrics(meters);
            var policies =
                    PolicySet.compile(config.section(PolicyConfig.SECTION).rules());
            var loader = new RegistryLoader(
                    lifecycle,
                    runtimes,
                    config.section(PluginEnvConfig.SECTION),
                    calls,
                    config.plugins().defaults(),
                    home,
                    workspace,
                    audit,
                    clock);
            var hookRunner = (java.util.function.Function<List<dev.gatehouse.api.hook.Hook>, HookRunner>)
                    hooks -> new HookRunner(hooks, calls.hookTimeout(), deadlines, audit, clock);
            java.util.function.Supplier<PluginSet> build =
                    () -> plug(config, loader, policies, options.hooks(), hookRunner, audit, clock);
            var watcher = new PluginWatcher(lifecycle::list, build, audit, clock);
            var pipeline = new Pipeline(
                    watcher::current,
                    new RateLimits(),
                    new ResultCache(),
                    new ToolRunner(calls, deadlines, secrets, clock),
                    secrets,
                    audit,
                    metrics,
                    clock);
            watcher.start(options.pluginReloadInterval());
            notices = new java.util.ArrayList<>(notices);
            notices.addAll(watcher.current().problems());
            return new HostRuntime(
                    authenticator,
                    pipeline,
                    authConfig.authorizationServers(),
                    audit,
                    metrics,
                    clock,
                    threads,
                    notices,
                    List.of(watcher, runtimes, deadlines, secrets, vault, keys, database));
        } catch (RuntimeException e) {
            if (vault != null) {
                closeQuietly(vault, e);
            }
            database.close();
            throw e;
        }
    }

    /**
     * The bundled builtins under this configuration. What only shows once the workspace is known
     * (a read-only root inside a writable one) is a configuration problem like any other.
     */
    private static List<dev.gatehouse.builtins.Builtin> bundled(
            GatehouseHome home, OperatorConfig config, java.nio.file.Path workspace, Clock clock, AuditSink audit) {
        try {
            return Builtins.all(config.section(BuiltinsConfig.SECTION), Optional.of(workspace), clock, audit);
        } catch (dev.gatehouse.builtins.BuiltinsException e) {
            throw new dev.gatehouse.config.ConfigException(List.of(
                    new dev.gatehouse.config.ConfigProblem(home.configFile().toString(), 0, 0, e.getMessage())));
        }
    }

    private static void closeQuietly(AutoCloseable resource, RuntimeException failure) {
        try {
            resource.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Loads the enabled plugins and builds what follows from them: the registry, the scope graph
     * (with the operator's policies) and the hooks, the embedding program's first.
     */
    private static PluginSet plug(
            OperatorConfig config,
            RegistryLoader loader,
            PolicySet policies,
            List<dev.gatehouse.api.hook.Hook> embedderHooks,
            java.util.function.Function<List<dev.gatehouse.api.hook.Hook>, HookRunner> hookRunner,
            AuditSink audit,
            Clock clock) {
        var loaded = loader.load();
        var admitted = admitScopes(config, loaded, audit, clock);
        var scopes = ScopeGraph.compile(config.section(ScopeConfig.SECTION).hierarchy(), admitted.scopes());
        var registry = new ToolRegistry(loaded.registry().all().stream()
                .filter(t -> admitted.plugins().contains(t.plugin()))
                .collect(Collectors.toMap(RegisteredTool::name, t -> t)));
        var hooks = new java.util.ArrayList<>(embedderHooks);
        loaded.hooks().stream()
                .filter(h -> admitted.plugins().contains(h.plugin()))
                .forEach(hooks::add);
        return new PluginSet(registry, new Authorizer(scopes, policies), hookRunner.apply(hooks), loaded.problems());
    }

    private record Admitted(Set<String> plugins, Map<String, PluginScopes> scopes) {}

    /**
     * Each plugin's scope hierarchy is compiled on its own first: one that reaches for {@code admin}
     * or another namespace is refused at load (audited, its tools not loaded) without taking the
     * others down. Then plugins that claim a namespace already claimed are refused too.
     */
    private static Admitted admitScopes(
            OperatorConfig config, RegistryLoader.Loaded loaded, AuditSink audit, Clock clock) {
        var operator = config.section(ScopeConfig.SECTION).hierarchy();
        var admitted = new LinkedHashMap<String, PluginScopes>();
        for (PluginManifest m : loaded.plugins()) {
            var scopes = new PluginScopes(m.scopes(), namespaces(m));
            var candidate = new HashMap<>(admitted);
            candidate.put(m.name(), scopes);
            try {
                ScopeGraph.compile(operator, candidate);
                admitted.put(m.name(), scopes);
            } catch (PolicyException e) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("name", m.name());
                fields.put("reason", e.getMessage());
                audit.record(new AuditEvent(clock.instant(), "plugin.not_loaded", "system:host", fields));
            }
        }
        return new Admitted(admitted.keySet(), admitted);
    }

    private static Set<String> namespaces(PluginManifest m) {
        return m.tools().stream()
                .flatMap(t -> t.requiredScopes().stream())
                .map(s -> s.substring(0, s.indexOf(':')))
                .collect(Collectors.toSet());
    }
}

package dev.gatehouse.host;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.gatehouse.api.auth.Principal;
import dev.gatehouse.api.gateway.CallResult;
import dev.gatehouse.api.gateway.RequestContext;
import dev.gatehouse.api.gateway.ToolView;
import dev.gatehouse.api.hook.Hook;
import dev.gatehouse.api.hook.HookContext;
import dev.gatehouse.api.hook.HookResult;
import dev.gatehouse.api.manifest.Capabilities;
import dev.gatehouse.api.manifest.HookDeclaration.HookEvent;
import dev.gatehouse.api.manifest.ScopeHierarchy;
import dev.gatehouse.api.manifest.ToolDefinition;
import dev.gatehouse.api.manifest.ToolMiddleware;
import dev.gatehouse.api.tool.ToolHandler;
import dev.gatehouse.policy.PolicyRule;
import dev.gatehouse.policy.PolicySet;
import dev.gatehouse.policy.ScopeGraph;
import dev.gatehouse.testing.RecordingAuditSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Assembles the real pipeline (real schema validation, scope graph, CEL policies, hook runner,
 * Bucket4j, Caffeine and Failsafe middleware) around tools whose handlers a test supplies: the
 * stand-in for a plugin's code, which is what each test varies.
 */
final class PipelineFixture {

    static final String SCHEMA =
            "{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\",\"maxLength\":100}},\"required\":[\"q\"],"
                    + "\"additionalProperties\":false}";

    final RecordingAuditSink audit = new RecordingAuditSink();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final List<Hook> hooks = new ArrayList<>();
    final List<PolicyRule> policies = new ArrayList<>();
    final Map<String, RegisteredTool> tools = new HashMap<>();
    ScopeHierarchy operatorScopes = ScopeHierarchy.empty();
    CallsConfig calls = CallsConfig.defaults();
    Duration hookTimeout = Duration.ofMillis(200);
    /** The vault the fixture's tools take their declared secrets from; a real file vault in a temp dir. */
    SecretKeeper secrets;

    List<String> secretNames = List.of();
    private Pipeline pipeline;
    private Authorizer authorizer;

    /** The plugin the next {@link #tool} calls add tools to. */
    String plugin = "demo";

    /** A tool in plugin {@link #plugin} needing demo:read, with the given handler and middleware. */
    PipelineFixture tool(String name, ToolHandler handler, ToolMiddleware middleware) {
        return tool(name, handler, middleware, ToolDefinition.Effect.READ, ToolDefinition.Approval.NEVER, true);
    }

    PipelineFixture tool(
            String name,
            ToolHandler handler,
            ToolMiddleware middleware,
            ToolDefinition.Effect effects,
            ToolDefinition.Approval approval,
            boolean pinned) {
        var def = new ToolDefinition(
                name,
                "test tool",
                SCHEMA,
                List.of("demo:read"),
                effects,
                ToolDefinition.Visibility.PUBLIC,
                approval,
                middleware);
        try {
            var schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(new ObjectMapper().readTree(SCHEMA));
            var grant = new RegisteredTool.GrantTemplate(
                    plugin,
                    Map.of(),
                    List.of(),
                    List.of(),
                    List.of(),
                    Path.of("/nonexistent"),
                    Capabilities.Limits.unset(),
                    secretNames);
            tools.put(
                    name,
                    new RegisteredTool(
                            name,
                            plugin,
                            def,
                            def.requiredScopes(),
                            schema,
                            handler,
                            grant,
                            middleware.timeout().orElse(calls.timeout()),
                            middleware.rateLimit(),
                            effects == ToolDefinition.Effect.READ ? middleware.cache() : Optional.empty(),
                            middleware.retry(),
                            1024,
                            pinned,
                            new ToolView(name, "test tool", SCHEMA, plugin)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        pipeline = null;
        return this;
    }

    /** A real AES-GCM file vault in a temp dir, and a redactor registry of this fixture's own. */
    SecretKeeper secrets() {
        if (secrets == null) {
            var home = new dev.gatehouse.config.GatehouseHome(TempHomes.create());
            vault = dev.gatehouse.vault.Vaults.open(
                    home,
                    new dev.gatehouse.vault.VaultConfig(dev.gatehouse.vault.VaultConfig.Backend.FILE),
                    dev.gatehouse.vault.VaultEnvironment.of(Optional.of("ab".repeat(32)), n -> {})
                            .withoutOsStore());
            secrets = new SecretKeeper(
                    vault,
                    List.of(home.root().resolve(dev.gatehouse.vault.Vaults.VAULT_FILE)),
                    new dev.gatehouse.redaction.RedactorRegistry(dev.gatehouse.redaction.SecretRedactor.patternsOnly()),
                    audit,
                    Clock.systemUTC());
        }
        return secrets;
    }

    dev.gatehouse.vault.Vault vault;

    Pipeline pipeline() {
        if (pipeline == null) {
            secrets();
            // One parked daemon thread per fixture, left to the JVM's exit like the call threads.
            var deadlines = new Deadlines(HostRuntime.newThreads());
            var scopes = ScopeGraph.compile(operatorScopes, Map.of());
            authorizer = new Authorizer(scopes, PolicySet.compile(policies));
            var clock = Clock.systemUTC();
            var plugins = new PluginSet(
                    new ToolRegistry(tools),
                    authorizer,
                    new HookRunner(hooks, hookTimeout, deadlines, audit, clock),
                    java.util.List.of());
            pipeline = new Pipeline(
                    () -> plugins,
                    new RateLimits(),
                    new ResultCache(),
                    new ToolRunner(calls, deadlines, secrets, clock),
                    secrets,
                    audit,
                    new CallMetrics(meters),
                    clock);
        }
        return pipeline;
    }

    Authorizer authorizer() {
        pipeline();
        return authorizer;
    }

    static Principal principal(String id, String... scopes) {
        return new Principal(id, Set.of(scopes), Map.of(), "api_key");
    }

    CallResult call(Principal who, String tool, Map<String, Object> args) {
        return pipeline()
                .call(new CallRequest(who, tool, args, new RequestContext(Instant.now(), "127.0.0.1", "test")));
    }

    CallResult call(String tool, Map<String, Object> args) {
        return call(principal("key:alice", "demo:read"), tool, args);
    }

    /** A hook of {@code plugin} on {@code event} whose handling is {@code body}: the stand-in for a hook's code. */
    static Hook hook(String plugin, HookEvent event, Function<HookContext, HookResult> body) {
        return new Hook() {
            @Override
            public String plugin() {
                return plugin;
            }

            @Override
            public HookEvent event() {
                return event;
            }

            @Override
            public HookResult handle(HookContext context) {
                return body.apply(context);
            }
        };
    }

    static ToolMiddleware middleware(
            Optional<Duration> timeout,
            Optional<ToolMiddleware.Cache> cache,
            Optional<ToolMiddleware.RateLimit> rate,
            Optional<ToolMiddleware.Retry> retry) {
        return new ToolMiddleware(timeout, cache, rate, retry);
    }
}

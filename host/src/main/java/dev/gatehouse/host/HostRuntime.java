package dev.gatehouse.host;

import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.audit.AuditSink;
import dev.gatehouse.api.auth.AuthenticationException;
import dev.gatehouse.api.auth.Credentials;
import dev.gatehouse.api.auth.Principal;
import dev.gatehouse.api.gateway.Authenticated;
import dev.gatehouse.api.gateway.CallResult;
import dev.gatehouse.api.gateway.Gateway;
import dev.gatehouse.api.gateway.RequestContext;
import dev.gatehouse.api.gateway.ToolView;
import dev.gatehouse.auth.AuthConfig;
import dev.gatehouse.auth.Authenticator;
import dev.gatehouse.builtins.BuiltinsConfig;
import dev.gatehouse.config.ConfigSection;
import dev.gatehouse.config.GatehouseHome;
import dev.gatehouse.config.OperatorConfig;
import dev.gatehouse.policy.PolicyConfig;
import dev.gatehouse.policy.ScopeConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The host: the one {@link Gateway} every surface calls. Built once from the home directory and
 * configuration; holds the tool registry, the compiled scope graph and policies, and the
 * middleware state for the life of the process.
 */
public final class HostRuntime implements Gateway, AutoCloseable {

    /** The gatehouse.yaml sections the host's modules own; surfaces add their own. */
    public static final List<ConfigSection<?>> SECTIONS = List.of(
            AuthConfig.SECTION,
            dev.gatehouse.vault.VaultConfig.SECTION,
            dev.gatehouse.audit.AuditConfig.SECTION,
            ScopeConfig.SECTION,
            PolicyConfig.SECTION,
            BuiltinsConfig.SECTION,
            CallsConfig.SECTION,
            WorkspaceConfig.SECTION,
            PluginEnvConfig.SECTION);

    /** Failed authentications from one source within this long after its first are counted in one record. */
    static final java.time.Duration AUTH_FAILURE_WINDOW = java.time.Duration.ofSeconds(10);

    private final Authenticator authenticator;
    private final Pipeline pipeline;
    private final List<String> authorizationServers;
    private final AuditSink audit;
    private final CallMetrics metrics;
    private final Clock clock;
    private final ExecutorService threads;
    private final List<String> notices;
    private final List<AutoCloseable> resources;
    private final AuthFailures failures;

    HostRuntime(
            Authenticator authenticator,
            Pipeline pipeline,
            List<String> authorizationServers,
            AuditSink audit,
            CallMetrics metrics,
            Clock clock,
            ExecutorService threads,
            List<String> notices,
            List<AutoCloseable> resources) {
        this.authenticator = authenticator;
        this.pipeline = pipeline;
        this.authorizationServers = List.copyOf(authorizationServers);
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
        this.threads = threads;
        this.notices = List.copyOf(notices);
        this.failures = new AuthFailures(AUTH_FAILURE_WINDOW, audit, clock);
        // Closed first, so the repeats it still holds are recorded while the log is open.
        var all = new java.util.ArrayList<AutoCloseable>();
        all.add(failures);
        all.addAll(resources);
        this.resources = List.copyOf(all);
    }

    /** Opens the host on an initialised home (see {@link FirstRun}). */
    public static HostRuntime open(
            GatehouseHome home,
            OperatorConfig config,
            AuditSink audit,
            MeterRegistry meters,
            Clock clock,
            HostOptions options) {
        return HostAssembly.assemble(home, config, audit, meters, clock, options);
    }

    /** What changed while opening (builtins synced to the configuration), for the operator. */
    public List<String> notices() {
        return notices;
    }

    /** Stage 1; the principal stays inside the host, behind the {@link Authenticated} it hands out. */
    @Override
    public Authenticated authenticate(Credentials credentials, RequestContext context) {
        return new Caller(principal(credentials, context));
    }

    private Principal principal(Credentials credentials, RequestContext context) {
        try {
            var principal = authenticator.authenticate(credentials, context);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("method", principal.authMethod());
            fields.put("surface", context.surface());
            fields.put("client", context.clientAddress());
            audit.record(new AuditEvent(clock.instant(), "auth.success", principal.id(), fields));
            return principal;
        } catch (AuthenticationException e) {
            metrics.unauthenticated(e.reason().name());
            if (failures.first(
                    context.clientAddress(), context.surface(), e.reason().name())) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("reason", e.reason().name());
                fields.put("detail", e.getMessage() == null ? "" : e.getMessage());
                fields.put("surface", context.surface());
                fields.put("client", context.clientAddress());
                audit.record(new AuditEvent(clock.instant(), "auth.failure", "unauthenticated", fields));
            }
            throw e;
        }
    }

    /** For the host's own tests: what {@link #authenticate} hands out for a principal made in a test. */
    Authenticated callerFor(Principal principal) {
        return new Caller(principal);
    }

    /**
     * A caller the host authenticated. Final and private: the only {@link Authenticated} whose calls
     * reach the pipeline, and nothing outside the host can make one or read its principal.
     */
    private final class Caller implements Authenticated {

        private final Principal principal;

        Caller(Principal principal) {
            this.principal = principal;
        }

        @Override
        public String principalId() {
            return principal.id();
        }

        @Override
        public List<ToolView> listTools() {
            return HostRuntime.this.listTools(principal);
        }

        @Override
        public CallResult call(String tool, Map<String, Object> arguments, RequestContext context) {
            return pipeline.call(new CallRequest(principal, tool, arguments, context));
        }

        @Override
        public String toString() {
            return "Authenticated[" + principal.id() + "]";
        }
    }

    List<ToolView> listTools(Principal principal) {
        var set = pipeline.plugins();
        return set.registry().all().stream()
                .filter(RegisteredTool::pinned)
                .filter(RegisteredTool::available)
                .filter(t -> set.authorizer().mayList(principal, t))
                .map(RegisteredTool::view)
                .toList();
    }

    CallResult call(CallRequest request) {
        return pipeline.call(request);
    }

    @Override
    public ResourceMetadata resourceMetadata() {
        var scopes = new TreeSet<String>();
        pipeline.plugins().registry().all().forEach(t -> scopes.addAll(t.requiredScopes()));
        return new ResourceMetadata(authorizationServers, List.copyOf(scopes));
    }

    @Override
    public void close() {
        threads.shutdown();
        RuntimeException failure = null;
        for (var resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing the host failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    static ExecutorService newThreads() {
        // One name for all: a numbered name costs a counter and a string per call, and says nothing more.
        return Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("gatehouse-call").factory());
    }
}

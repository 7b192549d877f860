package dev.gatehouse.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.api.gateway.Authenticated;
import dev.gatehouse.api.gateway.Gateway;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.DispatcherType;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Gatehouse's HTTP surface on Jetty: {@code /mcp} (MCP Streamable HTTP through the official SDK's
 * servlet transport), {@code /.well-known/oauth-protected-resource}, {@code /healthz} and
 * {@code /metrics}. It reaches the host only through {@link Gateway}.
 */
public final class GatehouseServer implements AutoCloseable {

    private final Server jetty;
    private final McpGate gate;
    private final HttpServletStreamableServerTransportProvider transport;
    private final ScheduledExecutorService sweeper;
    private final URI baseUri;
    private final Duration drainTimeout;

    private GatehouseServer(
            Server jetty,
            McpGate gate,
            HttpServletStreamableServerTransportProvider transport,
            ScheduledExecutorService sweeper,
            URI baseUri,
            Duration drainTimeout) {
        this.drainTimeout = drainTimeout;
        this.jetty = jetty;
        this.gate = gate;
        this.transport = transport;
        this.sweeper = sweeper;
        this.baseUri = baseUri;
    }

    /** Starts the server with session ids from a fresh {@link SecureRandom}. */
    public static GatehouseServer start(
            ServerConfig config, Gateway gateway, PrometheusMeterRegistry metrics, Clock clock) {
        return start(config, gateway, metrics, clock, new SecureRandom());
    }

    /**
     * Starts the server and returns once it accepts connections.
     *
     * @throws ServerException when it cannot listen or start
     */
    public static GatehouseServer start(
            ServerConfig config, Gateway gateway, PrometheusMeterRegistry metrics, Clock clock, SecureRandom random) {
        var threads = new QueuedThreadPool();
        threads.setName("gatehouse-http");
        // Requests block on tool calls; virtual threads keep a slow tool from starving the pool.
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        var jetty = new Server(threads);
        var http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        var connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        var readDeadline = new ReadDeadline(config.readTimeout());
        connector.addEventListener(readDeadline);
        jetty.addBean(readDeadline, true);
        connector.setHost(config.bindHost());
        connector.setPort(config.bindPort());
        jetty.addConnector(connector);
        ScheduledExecutorService sweeper = null;
        try {
            connector.open();
            var listener = new Listener(config, connector.getLocalPort());
            var json = new JacksonMcpJsonMapper(new ObjectMapper());
            var endpoints = new ToolEndpoints(gateway, clock, json, "mcp-http", GatehouseServer::callerOf);
            var transport = mcpTransport(json, config.sessions().streamKeepAlive());
            var registry = new SessionRegistry(config.sessions(), SdkSessions.of(transport));
            transport.setSessionFactory(new BoundSessionFactory(new SessionIds(random), registry, endpoints));
            sweeper = sweeper(registry, config.sessions().idleTimeout(), clock);
            Gauge.builder("gatehouse.mcp.sessions", registry, SessionRegistry::size)
                    .description("Live MCP sessions")
                    .register(metrics);
            var unauthorized = Counter.builder("gatehouse.http.unauthorized")
                    .description("Requests refused with 401")
                    .register(metrics);
            var gate = new McpGate(
                    new Authenticator(gateway, clock, listener.resourceMetadataUrl()),
                    registry,
                    config.maxBodyBytes(),
                    unauthorized,
                    Set.copyOf(endpoints.requestHandlers().keySet()),
                    clock);
            var context = context(config, gateway, metrics, listener, gate, transport);
            jetty.setHandler(new GracefulHandler(context));
            jetty.setStopTimeout(config.drainTimeout().toMillis());
            jetty.setRequestLog(new AccessLog(metrics));
            jetty.setErrorHandler(new PlainErrorHandlers.ForServer());
            jetty.start();
            return new GatehouseServer(jetty, gate, transport, sweeper, listener.base(), config.drainTimeout());
        } catch (Exception e) {
            if (sweeper != null) {
                sweeper.shutdownNow();
            }
            stopQuietly(jetty);
            throw new ServerException(startFailure(config, e), e);
        }
    }

    /**
     * Ends idle sessions even when no new one is started; a client that just goes away is
     * otherwise noticed only by its next request, which never comes.
     */
    private static ScheduledExecutorService sweeper(SessionRegistry registry, Duration idleTimeout, Clock clock) {
        var sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("gatehouse-session-sweeper").factory());
        long period = Math.max(1, Math.min(60, idleTimeout.toSeconds() / 2));
        sweeper.scheduleWithFixedDelay(
                () -> {
                    try {
                        registry.expire(clock.instant());
                    } catch (RuntimeException e) {
                        // A failed sweep is retried at the next period; the next bind sweeps too.
                    }
                },
                period,
                period,
                TimeUnit.SECONDS);
        return sweeper;
    }

    private static HttpServletStreamableServerTransportProvider mcpTransport(McpJsonMapper json, Duration keepAlive) {
        return HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(json)
                // A GET stream is idle by design, so the server notices a client that went away only
                // when it writes; the ping is that write, and the failed one ends the stream.
                .keepAliveInterval(keepAlive)
                .mcpEndpoint("/mcp")
                .contextExtractor(request -> request.getAttribute(Caller.CONTEXT_KEY) instanceof Caller caller
                        ? McpTransportContext.create(Map.of(Caller.CONTEXT_KEY, caller))
                        : McpTransportContext.EMPTY)
                .build();
    }

    private static Optional<Caller> callerOf(McpAsyncServerExchange exchange) {
        return exchange.transportContext().get(Caller.CONTEXT_KEY) instanceof Caller caller
                ? Optional.of(caller)
                : Optional.empty();
    }

    private static ServletContextHandler context(
            ServerConfig config,
            Gateway gateway,
            PrometheusMeterRegistry metrics,
            Listener listener,
            McpGate gate,
            HttpServletStreamableServerTransportProvider transport) {
        var context = new ServletContextHandler("/");
        context.setErrorHandler(new PlainErrorHandlers.ForContext());
        var requests = EnumSet.of(DispatcherType.REQUEST);
        context.addFilter(new FilterHolder(new HostOriginGate(listener.hosts(), listener.origins())), "/*", requests);
        context.addFilter(new FilterHolder(gate), "/mcp", requests);
        var mcp = new ServletHolder("mcp", transport);
        mcp.setAsyncSupported(true);
        context.addServlet(mcp, "/mcp");
        context.addServlet(new ServletHolder(new InfoServlets.Health()), "/healthz");
        context.addServlet(
                new ServletHolder(new InfoServlets.Metrics(metrics, config.metricsRequireLoopback())), "/metrics");
        var metadata = new ServletHolder(new InfoServlets.ProtectedResource(gateway, listener.mcpUrl()));
        context.addServlet(metadata, "/.well-known/oauth-protected-resource");
        context.addServlet(metadata, "/.well-known/oauth-protected-resource/mcp");
        context.addServlet(new ServletHolder(new InfoServlets.NotFound()), "/");
        return context;
    }

    /** Where clients reach this server: {@code public_url} when configured, else the bound address. */
    public URI baseUri() {
        return baseUri;
    }

    /** Sessions the SDK transport still holds; tests check that ended sessions leave it. */
    int transportSessions() {
        return SdkSessions.of(transport).size();
    }

    /**
     * Graceful shutdown: refuses new MCP requests, ends the listening streams, stops accepting
     * connections, waits up to {@code drain_timeout} for calls in flight, then stops.
     */
    @Override
    public void close() {
        sweeper.shutdownNow();
        gate.close();
        // One drain budget for the whole shutdown: what the answers took is not granted again below.
        var left = gate.awaitAnswered(drainTimeout);
        jetty.setStopTimeout(left.toMillis());
        try {
            transport.closeGracefully().block(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            // Closing a client's stream can fail when the client is gone; shutdown goes on.
        }
        stopQuietly(jetty);
    }

    private static void stopQuietly(Server jetty) {
        try {
            jetty.stop();
        } catch (Exception e) {
            // Nothing useful to do: the process is going away or the server never started.
        }
    }

    /** What went wrong in words for the operator: the address, and for the usual causes what to do. */
    static String startFailure(ServerConfig config, Throwable failure) {
        var address = config.bindHost() + ":" + config.bindPort();
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.BindException bind) {
                var reason = String.valueOf(bind.getMessage());
                if (reason.contains("in use")) {
                    return "cannot listen on " + address + ": the address is already in use (another Gatehouse"
                            + " or another program listens there); stop it, or choose another address with"
                            + " serve --bind HOST:PORT or server.bind in gatehouse.yaml";
                }
                if (reason.contains("assign")) {
                    return "cannot listen on " + address + ": this machine has no such address; choose another"
                            + " with serve --bind HOST:PORT or server.bind in gatehouse.yaml";
                }
                if (reason.contains("ermission")) {
                    return "cannot listen on " + address + ": permission denied (ports below 1024 need"
                            + " privileges); choose another with serve --bind HOST:PORT";
                }
                return "cannot listen on " + address + ": " + reason;
            }
        }
        return "could not start the server on " + address + " ("
                + failure.getClass().getSimpleName() + ")";
    }

    /**
     * Serves MCP over stdio for {@code gatehouse mcp}, as {@code principal} (established by the
     * caller, e.g. from a key file), until {@code in} ends.
     */
    public static void serveStdio(Gateway gateway, Authenticated principal, InputStream in, OutputStream out) {
        StdioSurface.serve(gateway, principal, Clock.systemUTC(), in, out);
    }
}

package dev.gatehouse.cli;

import dev.gatehouse.server.GatehouseServer;
import dev.gatehouse.server.ServerConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

@Command(
        name = "serve",
        header = "Run Gatehouse: MCP over HTTP at /mcp, with health, metrics and auth metadata.",
        mixinStandardHelpOptions = true,
        description = {
            "Run Gatehouse: MCP over Streamable HTTP at /mcp, plus /healthz, /metrics and",
            "/.well-known/oauth-protected-resource, on server.bind (default 127.0.0.1:8787).",
            "",
            "The first run creates $GATEHOUSE_HOME with a commented gatehouse.yaml, the embedded",
            "database, the builtin plugins files and http (enabled), and one admin API key, printed",
            "once with a ready-to-paste MCP client configuration. Stop with Ctrl-C or SIGTERM:",
            "in-flight calls are drained first."
        })
final class ServeCommand implements Runnable {

    private static final java.util.regex.Pattern BIND =
            java.util.regex.Pattern.compile("(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9.-]{1,253}):([0-9]{1,5})");

    @picocli.CommandLine.Option(
            names = "--bind",
            paramLabel = "HOST:PORT",
            description = "Listen here instead of server.bind (default 127.0.0.1:8787); port 0 picks a free one.")
    String bind;

    private final Environment env;

    ServeCommand(Environment env) {
        this.env = env;
    }

    @Override
    public void run() {
        var listen = parseBind();
        var services = new Services(env, Services.FirstRunMode.QUIET);
        var config = services.config();
        var operator = services.operator();
        operator.logHeldElsewhere().ifPresent(why -> {
            throw new CliFailure(1, why);
        });
        var first = services.firstRun();
        var meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var stopped = new CountDownLatch(1);
        try (var host = services.openHost(meters)) {
            host.notices().forEach(n -> env.err().println("gatehouse: " + n));
            // Durable is the promise operators expect; say so when this log was opened with less.
            operator.acknowledgementNotice().ifPresent(n -> env.err().println("gatehouse: audit: " + n));
            var server = GatehouseServer.start(
                    listen.apply(config.section(ServerConfig.SECTION)), host, meters, env.clock());
            // Ctrl-C and SIGTERM end here: stop taking requests, drain those in flight, then return.
            // Events that CLI commands spool while this process holds the audit log are chained in here.
            var chaining = Thread.ofVirtual().name("gatehouse-audit-inbox").start(() -> {
                while (stopped.getCount() > 0) {
                    try {
                        Thread.sleep(1000);
                        operator.drainInbox();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
                env.err().println("gatehouse: shutting down; draining in-flight calls...");
                server.close();
                chaining.interrupt();
                env.operators().close();
                // The JVM halts when this hook returns, maybe before main gets to flush the logs.
                Logs.flush();
                stopped.countDown();
            }));
            // The log this server records to is checked whole, in the background: a log edited, cut or
            // re-signed while no server ran is said at once, not at the next 'audit verify'.
            Thread.ofVirtual().name("gatehouse-audit-check").start(() -> {
                var integrity = operator.audit().integrity();
                if (!integrity.ok()) {
                    env.err().println("gatehouse: WARNING: the audit log does not verify: " + integrity.line());
                    env.err().flush();
                }
            });
            var mcp = server.baseUri().resolve("/mcp");
            env.out().println("Gatehouse is listening on " + mcp);
            first.adminKey().ifPresent(key -> firstRunBanner(services, mcp.toString(), key));
            env.out().flush();
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** server.bind, or --bind when given; checked before anything is opened or created. */
    private java.util.function.UnaryOperator<ServerConfig> parseBind() {
        if (bind == null) {
            return configured -> configured;
        }
        var m = BIND.matcher(bind);
        if (!m.matches() || Integer.parseInt(m.group(2)) > 65535) {
            throw new CliFailure(2, "--bind must be HOST:PORT, such as 127.0.0.1:8787 or [::1]:8787");
        }
        // As server.bind is read: an IPv6 literal keeps its brackets.
        var host = m.group(1);
        int port = Integer.parseInt(m.group(2));
        return configured -> configured.withBind(host, port);
    }

    private void firstRunBanner(Services services, String mcp, String key) {
        var out = env.out();
        out.println();
        out.println("First run: created " + services.home().root()
                + " with the builtin plugins 'files' and 'http' enabled.");
        out.println("Admin API key (shown once, store it now; it holds the 'admin' scope):");
        out.println("  " + key);
        out.println("MCP client configuration:");
        out.println("""
                {
                  "mcpServers": {
                    "gatehouse": {
                      "type": "http",
                      "url": "%s",
                      "headers": { "Authorization": "Bearer %s" }
                    }
                  }
                }""".formatted(mcp, key));
        out.println("Create narrower keys with: gatehouse keys create --name NAME --scopes files:read");
    }
}

package dev.gatehouse.cli;

import dev.gatehouse.api.auth.AuthenticationException;
import dev.gatehouse.api.auth.Credentials;
import dev.gatehouse.api.gateway.RequestContext;
import dev.gatehouse.host.FirstRun;
import dev.gatehouse.server.GatehouseServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "mcp",
        header = "Serve MCP over stdio for a local client, as an API key's principal.",
        mixinStandardHelpOptions = true,
        description = {
            "Serve MCP over stdio for a local client, as the principal of an API key. Standard output",
            "carries only the protocol; messages go to standard error."
        })
final class McpCommand implements Runnable {

    private final Environment env;

    @Option(
            names = "--key-file",
            paramLabel = "FILE",
            description = "File holding the API key to serve as (mode 600); else GATEHOUSE_API_KEY.")
    Path keyFile;

    McpCommand(Environment env) {
        this.env = env;
    }

    @Override
    public void run() {
        // Claimed before anything starts, so nothing printed while the host starts reaches stdout.
        var stdio = env.protocolStdio().claim();
        var key = KeyFile.resolve(keyFile, env);
        var services = new Services(env, Services.FirstRunMode.NEVER);
        // No first run here: the admin key it makes could only be shown on stderr, which MCP clients
        // keep in their logs, and no key presented to a home without a database can be valid.
        if (!FirstRun.done(services.home())) {
            throw new CliFailure(
                    1,
                    "UNAUTHENTICATED: " + services.home().root() + " has no keys yet; run `gatehouse serve` once"
                            + " (it sets the home up and prints an admin key) or `gatehouse keys create`");
        }
        var context = new RequestContext(env.clock().instant(), "local", "mcp-stdio");
        try (var host = services.openHost(new SimpleMeterRegistry())) {
            dev.gatehouse.api.gateway.Authenticated principal;
            try {
                principal = host.authenticate(new Credentials.ApiKey(key), context);
            } catch (AuthenticationException e) {
                throw new CliFailure(1, "UNAUTHENTICATED: the key was not accepted");
            }
            env.err().println("gatehouse: serving MCP over stdio as " + principal.principalId());
            env.err().flush();
            GatehouseServer.serveStdio(host, principal, stdio.in(), stdio.out());
        }
    }
}

package dev.gatehouse.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.api.auth.Credentials;
import dev.gatehouse.api.gateway.CallResult;
import dev.gatehouse.api.gateway.RequestContext;
import dev.gatehouse.api.tool.ToolOutput;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "call",
        header = "Call a tool through the full pipeline and print its result.",
        mixinStandardHelpOptions = true,
        description = {
            "Call a tool through the same pipeline as every other surface (authentication, scopes,",
            "policies, hooks, middleware, audit) and print its result. Exits 1 when the call fails."
        })
final class CallCommand implements Runnable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ARGS_BYTES = 1024 * 1024;

    private final Environment env;

    @Parameters(paramLabel = "TOOL", description = "The tool's name.")
    String tool;

    @Option(names = "--args", paramLabel = "JSON", defaultValue = "{}", description = "Arguments as a JSON object.")
    String args;

    @Option(
            names = "--key-file",
            paramLabel = "FILE",
            description = "File holding the API key to call as (mode 600); else GATEHOUSE_API_KEY.")
    Path keyFile;

    @Option(names = "--json", description = "Print the whole result as JSON.")
    boolean json;

    CallCommand(Environment env) {
        this.env = env;
    }

    @Override
    public void run() {
        var arguments = parseArguments();
        var key = KeyFile.resolve(keyFile, env);
        var services = new Services(env);
        var context = new RequestContext(env.clock().instant(), "local", "cli");
        try (var host = services.openHost(new SimpleMeterRegistry())) {
            dev.gatehouse.api.gateway.Authenticated principal;
            try {
                principal = host.authenticate(new Credentials.ApiKey(key), context);
            } catch (dev.gatehouse.api.auth.AuthenticationException e) {
                throw new CliFailure(1, "UNAUTHENTICATED: " + dev.gatehouse.api.ErrorCode.UNAUTHENTICATED.message());
            }
            var result = principal.call(tool, arguments, context);
            switch (result) {
                case CallResult.Success s -> print(s.output());
                case CallResult.Failure f ->
                    throw new CliFailure(
                            1,
                            new CallResult.Failure(f.code(), f.code().message(), Optional.empty(), f.problems()).text()
                                    + f.retryAfter()
                                            .map(d -> " (retry after " + d.toSeconds() + "s)")
                                            .orElse(""));
            }
        }
    }

    private Map<String, Object> parseArguments() {
        if (args.length() > MAX_ARGS_BYTES) {
            throw new CliFailure(2, "--args is larger than 1 MiB");
        }
        try {
            var node = JSON.readTree(args);
            if (node == null || !node.isObject()) {
                throw new CliFailure(2, "--args must be a JSON object, e.g. '{\"path\": \"notes.txt\"}'");
            }
            return JSON.convertValue(node, new TypeReference<Map<String, Object>>() {});
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CliFailure(
                    2,
                    "--args is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")");
        }
    }

    private void print(ToolOutput output) {
        if (json) {
            Render.json(env.out(), output);
        } else {
            output.content().forEach(c -> {
                if (c instanceof ToolOutput.Content.Text t) {
                    env.out().println(t.text());
                }
            });
        }
        if (output.isError()) {
            throw new CliFailure(1, "the tool reported an error");
        }
    }
}

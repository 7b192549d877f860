package dev.gatehouse.cli;

import dev.gatehouse.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "gatehouse",
        mixinStandardHelpOptions = true,
        versionProvider = GatehouseCommand.Version.class,
        description = {
            "A secure host for AI-agent plugins: every plugin runs inside the boundary its manifest",
            "declares and the operator consented to.",
            "",
            "State lives in $GATEHOUSE_HOME (default ~/.gatehouse): gatehouse.yaml, plugins/, state/,",
            "trust/, audit/ (the tamper-evident audit log), vault.enc."
        },
        footer = {
            "",
            "Exit codes: 0 done; 1 failed or refused; 2 invalid input (usage, manifest, configuration).",
            "Run 'gatehouse COMMAND --help' for each command's options."
        },
        subcommands = {
            ServeCommand.class,
            McpCommand.class,
            CallCommand.class,
            PluginsCommand.class,
            TrustCommand.class,
            KeysCommand.class,
            SecretsCommand.class,
            DoctorCommand.class,
            AuditCommand.class,
            CommandLine.HelpCommand.class
        })
final class GatehouseCommand extends CommandGroup {

    static CommandLine commandLine(Environment env) {
        var cl = new CommandLine(new GatehouseCommand(), new CommandFactory(env));
        cl.setOut(env.out());
        cl.setErr(env.err());
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> report(env, ex));
        reflow(cl);
        return cl;
    }

    /**
     * Descriptions and footers are written as short source lines; picocli wraps each line again
     * at the help width, which broke sentences twice. Joined into paragraphs here (an empty line,
     * or a line that starts with a space or '-', starts a new one), picocli wraps them once.
     */
    static void reflow(CommandLine cl) {
        var usage = cl.getCommandSpec().usageMessage();
        usage.description(paragraphs(usage.description()));
        usage.footer(paragraphs(usage.footer()));
        for (var sub : cl.getSubcommands().values()) {
            if (sub != cl) {
                reflow(sub);
            }
        }
    }

    static String[] paragraphs(String[] lines) {
        var out = new java.util.ArrayList<String>();
        for (var line : lines) {
            boolean joins = !out.isEmpty()
                    && !out.getLast().isEmpty()
                    && !line.isEmpty()
                    && !Character.isWhitespace(line.charAt(0))
                    && !line.startsWith("-");
            if (joins) {
                out.set(out.size() - 1, out.getLast() + " " + line);
            } else {
                out.add(line);
            }
        }
        return out.toArray(String[]::new);
    }

    /** The one place failures become exit codes and messages; no stack trace reaches the operator. */
    static int report(Environment env, Exception ex) {
        var err = env.err();
        switch (ex) {
            case CliFailure f -> {
                err.println("gatehouse: " + f.getMessage());
                return f.exitCode();
            }
            case ConfigException c -> {
                err.println("gatehouse: the configuration has " + c.problems().size() + " problem(s):");
                c.problems().forEach(p -> err.println("  " + p));
                return 2;
            }
            // The operator contract writes its messages for the operator and keeps secrets out of them.
            case dev.gatehouse.api.operator.OperatorException o -> {
                err.println("gatehouse: " + o.getMessage());
                o.details().forEach(d -> err.println("  " + d));
                return o.kind() == dev.gatehouse.api.operator.OperatorException.Kind.INVALID ? 2 : 1;
            }
            case dev.gatehouse.server.ServerException _ -> {
                err.println("gatehouse: " + ex.getMessage());
                return 1;
            }
            default -> {
                err.println("gatehouse: internal error (" + ex.getClass().getSimpleName() + ")"
                        + (env.debug() ? "" : "; set GATEHOUSE_DEBUG=1 for details"));
                if (env.debug()) {
                    ex.printStackTrace(err);
                }
                return 1;
            }
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            var v = GatehouseCommand.class.getPackage().getImplementationVersion();
            return new String[] {"gatehouse " + (v == null ? "(development build)" : v)};
        }
    }
}

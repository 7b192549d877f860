package dev.gatehouse.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "gatehouse",
        mixinStandardHelpOptions = true,
        versionProvider = GatehouseCommand.Version.class,
        description = {
            "A secure host for AI-agent plugins.",
            "",
            "State lives in $GATEHOUSE_HOME (default ~/.gatehouse): gatehouse.yaml, plugins/, state/, trust/, audit/."
        },
        subcommands = {CommandLine.HelpCommand.class})
final class GatehouseCommand implements Runnable {

    private final Environment env;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    GatehouseCommand(Environment env) {
        this.env = env;
    }

    @Override
    public void run() {
        spec.commandLine().usage(env.out());
    }

    static CommandLine commandLine(Environment env) {
        var cl = new CommandLine(new GatehouseCommand(env));
        cl.setOut(env.out());
        cl.setErr(env.err());
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            var v = GatehouseCommand.class.getPackage().getImplementationVersion();
            return new String[] {"gatehouse " + (v == null ? "(development build)" : v)};
        }
    }
}

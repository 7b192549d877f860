package dev.gatehouse.cli;

import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "repair",
        mixinStandardHelpOptions = true,
        description = {
            "Put a tampered or damaged plugin's consented version back from its source.",
            "The source (the recorded one when omitted) must hold exactly the installed tree: the",
            "same digest. A repair never changes what the plugin is; a different tree is an update."
        })
final class PluginRepairCommand implements Runnable {

    private final Environment env;

    @Parameters(index = "0", paramLabel = "NAME", description = "The plugin's name.")
    String name;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "SOURCE",
            description = "Where to fetch the tree from; the source it was installed from when omitted.")
    String source;

    PluginRepairCommand(Environment env) {
        this.env = env;
    }

    @Override
    public void run() {
        var repaired = new Services(env)
                .operator()
                .plugins()
                .repair(name, Optional.ofNullable(source), step -> env.err().println("  " + step + "..."));
        env.out()
                .println("repaired " + name + " " + repaired.version() + " (" + repaired.digest() + ")"
                        + "; its files match the consented tree again");
    }
}

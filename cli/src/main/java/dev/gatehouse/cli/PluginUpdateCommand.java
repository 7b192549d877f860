package dev.gatehouse.cli;

import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "update",
        mixinStandardHelpOptions = true,
        description = {
            "Install a new version beside the active one and show the capability diff.",
            "If it only removes or keeps capabilities, it becomes active at once. If it adds anything",
            "(tools, hooks, hosts, paths, env, secrets, scopes, higher limits) or changes a tool's",
            "definition, the old version stays active and the new one waits for 'plugins enable NAME'."
        })
final class PluginUpdateCommand implements Runnable {

    private final Environment env;

    @Parameters(index = "0", paramLabel = "NAME", description = "The plugin's name.")
    String name;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "SOURCE",
            description = "Where the new version comes from; the source of the installed version when omitted.")
    String source;

    PluginUpdateCommand(Environment env) {
        this.env = env;
    }

    @Override
    public void run() {
        var outcome = new Services(env).operator().plugins().update(name, Optional.ofNullable(source), step -> env.err()
                .println("  " + step + "..."));
        var from = outcome.activeVersion();
        switch (outcome.kind()) {
            case UP_TO_DATE -> env.out().println(name + " is up to date (" + from + ", same digest).");
            case ACTIVATED -> {
                env.out().println("updated " + name + " to " + outcome.newVersion() + "; changes:");
                Render.diff(env.out(), outcome.changes());
                if (!outcome.enabled()) {
                    env.out().println("(" + name + " is not enabled; enabling it will ask for consent.)");
                }
            }
            case PENDING -> {
                env.out()
                        .println(name + " " + outcome.newVersion() + " is installed but NOT active: it widens"
                                + " what the plugin may do. " + from + " stays active. Changes:");
                Render.diff(env.out(), outcome.changes());
                env.out().println("Review and consent with: gatehouse plugins enable " + name);
            }
        }
    }
}

package dev.gatehouse.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "enable",
        header = "Consent to what a plugin may do (or to an update's diff) and enable it.",
        mixinStandardHelpOptions = true,
        description = {
            "Show everything a plugin may do (or, for a waiting update, the capability diff), ask for",
            "consent, and enable it. The consent record stores the approved capability set and a",
            "fingerprint of every tool definition. Creates its private state directory (mode 0700)."
        })
final class PluginEnableCommand implements Runnable {

    private final Environment env;

    @Parameters(paramLabel = "NAME", description = "The plugin's name.")
    String name;

    @Option(names = "--yes", description = "Consent without asking (for scripts).")
    boolean yes;

    PluginEnableCommand(Environment env) {
        this.env = env;
    }

    @Override
    public void run() {
        var services = new Services(env);
        var proposal = services.operator().plugins().proposeEnable(name);
        var target = proposal.description();
        if (proposal.alreadyEnabled()) {
            env.out().println(name + " " + target.version() + " is already enabled.");
            return;
        }
        Render.summary(env.out(), target);
        proposal.change().ifPresent(change -> {
            env.out()
                    .println("  Changes from " + change.fromVersion() + " to " + target.version()
                            + " (+ added, - removed, ! changed or raised):");
            Render.diff(env.out(), change.lines());
        });
        var question = proposal.change().isPresent()
                ? "Consent to these changes and activate " + name + " " + target.version() + "?"
                : "Enable " + name + " " + target.version() + " with these capabilities?";
        var how = Consent.ask(env, yes, question);
        if (how == null) {
            throw new CliFailure(1, "not enabled: the operator declined");
        }
        proposal.consent(how);
        env.out().println("enabled " + name + " " + target.version() + ".");
        SecretsCommand.warnUnset(services, env, name);
    }
}

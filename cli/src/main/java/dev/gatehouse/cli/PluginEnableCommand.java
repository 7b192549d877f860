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
        var lifecycle = services.lifecycle();
        var proposal = lifecycle.proposeEnable(name);
        if (proposal.alreadyEnabled()) {
            env.out().println(name + " " + proposal.target().version() + " is already enabled.");
            return;
        }
        var manifest = lifecycle.manifestOf(proposal.record(), proposal.target());
        Render.summary(
                env.out(),
                manifest,
                Render.InstalledVersionView.of(proposal.target()),
                proposal.target().capabilities());
        proposal.diff().ifPresent(diff -> {
            env.out()
                    .println("  Changes from " + proposal.record().active().version() + " to "
                            + proposal.target().version() + " (+ added, - removed, ! changed or raised):");
            Render.diff(env.out(), diff);
        });
        var question = proposal.diff().isPresent()
                ? "Consent to these changes and activate " + name + " "
                        + proposal.target().version() + "?"
                : "Enable " + name + " " + proposal.target().version() + " with these capabilities?";
        var how = Consent.ask(env, yes, question);
        if (how == null) {
            throw new CliFailure(1, "not enabled: the operator declined");
        }
        lifecycle.enable(proposal, how);
        env.out().println("enabled " + name + " " + proposal.target().version() + ".");
        SecretsCommand.warnUnset(services, env, name);
    }
}

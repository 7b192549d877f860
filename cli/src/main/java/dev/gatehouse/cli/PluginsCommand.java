package dev.gatehouse.cli;

import dev.gatehouse.api.operator.Operator;
import dev.gatehouse.api.operator.PluginViews;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "plugins",
        mixinStandardHelpOptions = true,
        description = {
            "Install, inspect, consent to, update and verify plugins.",
            "",
            "Installed is not enabled: a plugin runs only after 'plugins enable' has shown the operator",
            "everything it may do and recorded their consent. An update that adds any capability or changes",
            "a tool's definition waits for consent to the shown diff."
        },
        subcommands = {
            PluginsCommand.Validate.class,
            PluginsCommand.Digest.class,
            PluginInstallCommand.class,
            PluginsCommand.ListPlugins.class,
            PluginsCommand.Inspect.class,
            PluginEnableCommand.class,
            PluginsCommand.Disable.class,
            PluginUpdateCommand.class,
            PluginsCommand.Remove.class,
            PluginsCommand.Restore.class,
            PluginRepairCommand.class,
            PluginsCommand.Verify.class,
            PluginsCommand.Logs.class
        })
final class PluginsCommand extends CommandGroup {

    @Command(
            name = "validate",
            mixinStandardHelpOptions = true,
            description = {
                "Check a plugin directory's manifest against manifest v1 and the operator's limits.",
                "Prints every problem with file:line:column; exits 2 when there is one."
            })
    static final class Validate implements Runnable {
        private final Environment env;

        @Parameters(
                paramLabel = "DIR",
                description = "The plugin directory (holding plugin.yaml, plugin.yml or plugin.json).")
        Path dir;

        Validate(Environment env) {
            this.env = env;
        }

        @Override
        public void run() {
            var m = plugins(env).validate(dir);
            env.out()
                    .println(dir + ": valid manifest for " + m.name() + " " + m.version() + " ("
                            + count(m.tools(), "tool") + ", "
                            + count(m.hooks(), "hook") + ", runtime "
                            + m.runtime() + ")");
        }
    }

    @Command(
            name = "digest",
            mixinStandardHelpOptions = true,
            description = {
                "Print the content digest of a plugin directory: the string a publisher signs.",
                "Sign it with:  printf %%s \"$(gatehouse plugins digest DIR)\" > msg &&"
                        + " ssh-keygen -Y sign -f KEY -n gatehouse-plugin msg && mv msg.sig DIR/plugin.sig"
            })
    static final class Digest implements Runnable {
        private final Environment env;

        @Parameters(paramLabel = "DIR", description = "The plugin directory.")
        Path dir;

        Digest(Environment env) {
            this.env = env;
        }

        @Override
        public void run() {
            env.out().println(plugins(env).digest(dir));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List installed plugins and their status.")
    static final class ListPlugins implements Runnable {
        private final Environment env;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        ListPlugins(Environment env) {
            this.env = env;
        }

        @Override
        public void run() {
            var records = plugins(env).list();
            if (json) {
                Render.json(
                        env.out(),
                        records.stream().map(PluginViews.Installed::machine).toList());
                return;
            }
            if (records.isEmpty()) {
                env.out().println("No plugins installed. Install one with: gatehouse plugins install SOURCE");
                return;
            }
            env.out().printf("%-24s %-14s %-28s %-10s %s%n", "NAME", "VERSION", "STATUS", "TRUST", "RISK");
            for (var r : records) {
                env.out()
                        .printf(
                                "%-24s %-14s %-28s %-10s %s%n",
                                r.name(),
                                r.version()
                                        + r.pendingVersion()
                                                .map(p -> " -> " + p)
                                                .orElse(""),
                                r.status(),
                                r.trustLevel(),
                                r.risk());
            }
        }
    }

    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** The plugins part of the operator contract on this command's home. */
    static Operator.Plugins plugins(Environment env) {
        return new Services(env).operator().plugins();
    }

    @Command(
            name = "inspect",
            mixinStandardHelpOptions = true,
            description =
                    "Show in plain words everything an installed plugin may do, with its risk, provenance and digest.")
    static final class Inspect implements Runnable {
        private final Environment env;

        @Parameters(paramLabel = "NAME", description = "The plugin's name.")
        String name;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        Inspect(Environment env) {
            this.env = env;
        }

        @Override
        public void run() {
            var services = new Services(env);
            var inspection = services.operator().plugins().inspect(name);
            if (json) {
                Render.json(env.out(), inspection.machine());
                return;
            }
            var record = inspection.plugin();
            Render.summary(env.out(), inspection.description());
            env.out().println("  status:      " + record.status());
            record.cannotRun()
                    .ifPresent(why -> env.out().println("  CANNOT RUN:  " + why + "; its tools answer UNAVAILABLE"));
            record.tampered().ifPresent(t -> env.out().println("  TAMPERED:    " + t));
            record.consent().ifPresent(c -> env.out().println("  consent:     " + c));
            record.pendingVersion().ifPresent(p -> env.out()
                    .println("  pending:     version " + p + " waits for consent: run 'gatehouse plugins enable " + name
                            + "' to review it"));
            env.out().println("  installed:   " + record.installedAt() + " by " + record.installedBy());
            SecretsCommand.warnUnset(services, env, name);
        }
    }

    @Command(
            name = "disable",
            mixinStandardHelpOptions = true,
            description = "Stop a plugin from running and withdraw the consent given to it.")
    static final class Disable implements Runnable {
        private final Environment env;

        @Parameters(paramLabel = "NAME", description = "The plugin's name.")
        String name;

        Disable(Environment env) {
            this.env = env;
        }

        @Override
        public void run() {
            plugins(env).disable(name);
            env.out().println(name + " is disabled; 'gatehouse plugins enable " + name + "' asks for consent again.");
        }
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description = "Uninstall a plugin. Its state directory is kept unless --purge-state.")
    static final class Remove implements Runnable {
        private final Environment env;

        @Parameters(paramLabel = "NAME", description = "The plugin's name.")
        String name;

        @Option(names = "--purge-state", description = "Also delete $GATEHOUSE_HOME/state/NAME.")
        boolean purgeState;

        Remove(Environment env) {
            this.env = env;
        }

        @Override
        public void run() {
            var removed = plugins(env).remove(name, purgeState);
            env.out()
                    .println("removed " + name
                            + removed.stateKept()
                                    .map(dir -> "; its state is kept in " + dir)
                                    .orElse(" and its state"));
        }
    }

    @Command(
            name = "restore",
            mixinStandardHelpOptions = true,
            description = {
                "Bring back a bundled builtin (files, http) that was removed.",
                "A removed builtin stays removed across restarts; after this, the next start installs",
                "and enables it again with the configuration's capabilities."
            })
    static final class Restore implements Runnable {
        private final Environment env;

        @Parameters(paramLabel = "NAME", description = "The builtin's name.")
        String name;

        Restore(Environment env) {
            this.env = env;
        }

        @Override
        public void run() {
            if (!plugins(env).restoreBuiltin(name)) {
                throw new CliFailure(1, "'" + name + "' is not a removed builtin");
            }
            env.out().println(name + " will be installed and enabled again at the next start.");
        }
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = {
                "Re-hash installed plugin trees against the digests recorded at install.",
                "A plugin that differs is marked tampered and refused at load; exits 1 if any differs."
            })
    static final class Verify implements Runnable {
        private final Environment env;

        @Parameters(paramLabel = "NAME", arity = "0..1", description = "One plugin; all when omitted.")
        String name;

        Verify(Environment env) {
            this.env = env;
        }

        @Override
        public void run() {
            var results = plugins(env).verify(Optional.ofNullable(name));
            int bad = 0;
            for (var r : results) {
                if (r.ok()) {
                    env.out().println("ok       " + r.name() + " " + r.version() + " " + r.digest());
                } else {
                    bad++;
                    env.out()
                            .println("TAMPERED " + r.name() + " " + r.version() + ": "
                                    + r.problem().orElseThrow());
                }
            }
            if (results.isEmpty()) {
                env.out().println("No plugins installed.");
            }
            if (bad > 0) {
                throw new CliFailure(1, bad + " plugin version(s) failed verification and will be refused at load");
            }
        }
    }

    @Command(
            name = "logs",
            mixinStandardHelpOptions = true,
            description = {
                "Show what a process plugin's server wrote to stderr, newest last.",
                "Lines are redacted before they are kept, and the log is capped at about 2 MB per plugin",
                "($GATEHOUSE_HOME/logs/plugins/NAME.log)."
            })
    static final class Logs implements Runnable {
        private final Environment env;

        @Parameters(paramLabel = "NAME", description = "The plugin's name.")
        String name;

        @Option(names = "-n", paramLabel = "N", description = "How many lines (default ${DEFAULT-VALUE}).")
        int lines = 50;

        Logs(Environment env) {
            this.env = env;
        }

        @Override
        public void run() {
            if (lines < 1 || lines > 100_000) {
                throw new CliFailure(2, "-n must be between 1 and 100000");
            }
            var shown = plugins(env).logs(name, lines);
            if (shown.isEmpty()) {
                env.err().println(name + " has written nothing to stderr (or has not run yet).");
                return;
            }
            shown.forEach(env.out()::println);
        }
    }
}

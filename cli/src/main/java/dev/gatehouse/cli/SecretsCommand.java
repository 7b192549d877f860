package dev.gatehouse.cli;

import dev.gatehouse.api.operator.OperatorException;
import dev.gatehouse.api.operator.SecretStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

@Command(
        name = "secrets",
        mixinStandardHelpOptions = true,
        description = {
            "Manage the secrets plugins declare in requires_env with secret: true.",
            "Values live only in the vault (the OS credential store, or $GATEHOUSE_HOME/vault.enc);",
            "a plugin receives its own declared secrets when it runs, never anyone else's.",
            "No command ever prints a value."
        },
        subcommands = {SecretsCommand.Set.class, SecretsCommand.ListSecrets.class, SecretsCommand.Remove.class})
final class SecretsCommand extends CommandGroup {

    /** A name from the command line, safe to repeat in a message. */
    static String shown(String text) {
        return "'" + text.replaceAll("[^A-Za-z0-9_.-]", "?") + "'";
    }

    @Command(
            name = "set",
            header = "Store a secret a plugin declares (from stdin or a hidden prompt, never argv).",
            mixinStandardHelpOptions = true,
            description = {
                "Store a secret a plugin declares. The value is read from standard input when it is piped",
                "(one trailing newline is dropped) or typed at a hidden prompt; never from the command line.",
                "Example:  printf %%s \"$TOKEN\" | gatehouse secrets set crm ACME_CRM_TOKEN"
            })
    static final class Set implements Runnable {
        private final Environment env;

        @Parameters(index = "0", paramLabel = "PLUGIN", description = "The installed plugin that declares it.")
        String plugin;

        @Parameters(index = "1", paramLabel = "NAME", description = "The secret's name, e.g. ACME_CRM_TOKEN.")
        String name;

        /** Caught rather than left to picocli, whose error would repeat a value typed as an argument. */
        @Unmatched
        List<String> unmatched = new ArrayList<>();

        Set(Environment env) {
            this.env = env;
        }

        @Override
        public void run() {
            if (!unmatched.isEmpty()) {
                throw new CliFailure(
                        2,
                        "refused: a secret value is never taken from the command line, where shell history and"
                                + " the process list keep it. Pipe it on standard input or type it at the prompt:"
                                + " gatehouse secrets set PLUGIN NAME");
            }
            var secrets = new Services(env).operator().secrets();
            // Before any value is asked for: a typo is refused without the operator typing a secret.
            secrets.requireDeclared(plugin, name);
            var chars = env.interactive() ? prompted() : piped(secrets.maxValueChars());
            try {
                secrets.set(plugin, name, chars);
            } finally {
                Arrays.fill(chars, '\0');
            }
            env.out().println("set " + plugin + "/" + name);
        }

        private char[] prompted() {
            var label = plugin + "/" + name;
            var first = env.hiddenInput()
                    .read("Value for " + label + " (input hidden): ")
                    .orElseThrow(() -> new CliFailure(1, "no value given"));
            var second = env.hiddenInput().read("Again, to confirm: ").orElse(new char[0]);
            try {
                if (!Arrays.equals(first, second)) {
                    Arrays.fill(first, '\0');
                    throw new CliFailure(1, "the two entries differ; nothing was stored");
                }
                return first;
            } finally {
                Arrays.fill(second, '\0');
            }
        }

        /** All of standard input, bounded, without copying it into a String. */
        private char[] piped(int maxChars) {
            var buffer = new char[1024];
            int length = 0;
            try {
                int read;
                while ((read = env.in().read(buffer, length, buffer.length - length)) != -1) {
                    length += read;
                    if (length > maxChars + 2) {
                        Arrays.fill(buffer, '\0');
                        throw new CliFailure(2, "refused: a secret value is at most " + maxChars + " characters");
                    }
                    if (length == buffer.length) {
                        var bigger = Arrays.copyOf(buffer, buffer.length * 2);
                        Arrays.fill(buffer, '\0');
                        buffer = bigger;
                    }
                }
            } catch (IOException e) {
                Arrays.fill(buffer, '\0');
                throw new UncheckedIOException(e);
            }
            if (length > 0 && buffer[length - 1] == '\n') {
                length--;
                if (length > 0 && buffer[length - 1] == '\r') {
                    length--;
                }
            }
            var value = Arrays.copyOf(buffer, length);
            Arrays.fill(buffer, '\0');
            if (length == 0) {
                throw new CliFailure(
                        2, "no value on standard input; pipe the value in, or run in a terminal to be prompted");
            }
            return value;
        }
    }

    /**
     * Warns on stderr about secrets {@code plugin} declares that are not set: the plugin would run
     * without them. Never fails the command it is called from.
     */
    static void warnUnset(Services services, Environment env, String plugin) {
        try {
            for (var name : services.operator().secrets().unset(plugin)) {
                env.err()
                        .println("warning: " + plugin + " declares the secret " + name
                                + ", which is not set; set it with: gatehouse secrets set " + plugin + " " + name);
            }
        } catch (OperatorException e) {
            env.err().println("warning: cannot check the secrets " + plugin + " declares: " + e.getMessage());
        }
    }

    @Command(
            name = "list",
            header = "List declared and stored secrets: names and set/unset, never values.",
            mixinStandardHelpOptions = true,
            description = {
                "List every secret that installed plugins declare and every one stored, with whether it is",
                "set and which plugin declares it. Never shows a value."
            })
    static final class ListSecrets implements Runnable {
        private final Environment env;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        ListSecrets(Environment env) {
            this.env = env;
        }

        @Override
        public void run() {
            var rows = new Services(env).operator().secrets().list();
            if (json) {
                Render.json(env.out(), rows.stream().map(ListSecrets::view).toList());
                return;
            }
            if (rows.isEmpty()) {
                env.out().println("No plugin declares a secret, and none is stored.");
                return;
            }
            var format = "%-24s %-32s %-6s %s%n";
            env.out().printf(format, "PLUGIN", "NAME", "STATUS", "DECLARED BY");
            rows.forEach(
                    r -> env.out().printf(format, r.plugin(), r.name(), r.set() ? "set" : "unset", r.declaredBy()));
        }

        private static Map<String, Object> view(SecretStatus r) {
            var view = new LinkedHashMap<String, Object>();
            view.put("plugin", r.plugin());
            view.put("name", r.name());
            view.put("set", r.set());
            view.put("declared_by", r.declaredBy());
            return view;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a stored secret.")
    static final class Remove implements Runnable {
        private final Environment env;

        @Parameters(index = "0", paramLabel = "PLUGIN", description = "The plugin namespace.")
        String plugin;

        @Parameters(index = "1", paramLabel = "NAME", description = "The secret's name.")
        String name;

        Remove(Environment env) {
            this.env = env;
        }

        @Override
        public void run() {
            if (!new Services(env).operator().secrets().remove(plugin, name)) {
                throw new CliFailure(1, "no secret " + shown(plugin) + "/" + shown(name) + " is stored");
            }
            env.out().println("removed " + plugin + "/" + name);
        }
    }
}

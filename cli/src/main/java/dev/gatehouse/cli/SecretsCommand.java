package dev.gatehouse.cli;

import dev.gatehouse.plugins.lifecycle.PluginRecord;
import dev.gatehouse.vault.SecretEntry;
import dev.gatehouse.vault.SecretValue;
import dev.gatehouse.vault.Vault;
import dev.gatehouse.vault.VaultException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
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

    /** Opens the configured vault; its notices (a new master key, say) go to the operator on stderr. */
    static Vault openVault(Services services, Environment env) {
        return vaultCall(() -> services.vault(env.err()::println));
    }

    /** Vault failures carry messages written for the operator (never a value); show them as they are. */
    static <T> T vaultCall(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (VaultException e) {
            throw new CliFailure(e.reason() == VaultException.Reason.INVALID_NAME ? 2 : 1, e.getMessage());
        }
    }

    static void audit(Services services, String type, String plugin, String name) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("plugin", plugin);
        fields.put("name", name);
        services.emit(type, fields);
    }

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
            var services = new Services(env);
            var record = services.lifecycle().find(plugin);
            var declared = declaredSecrets(record);
            if (!declared.contains(name)) {
                throw new CliFailure(
                        2,
                        "refused: plugin " + shown(plugin) + " does not declare a secret named " + shown(name)
                                + " (requires_env with secret: true); it declares "
                                + (declared.isEmpty() ? "no secrets" : String.join(", ", declared)));
            }
            var chars = env.interactive() ? prompted() : piped();
            try (var value = toValue(chars)) {
                try (var vault = openVault(services, env)) {
                    vaultCall(() -> {
                        vault.set(plugin, name, value);
                        return null;
                    });
                }
            } finally {
                Arrays.fill(chars, '\0');
            }
            audit(services, "secret.set", plugin, name);
            env.out().println("set " + plugin + "/" + name);
        }

        private static SecretValue toValue(char[] chars) {
            try {
                return SecretValue.copyOf(chars);
            } catch (IllegalArgumentException e) {
                throw new CliFailure(2, "refused: " + e.getMessage());
            }
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
        private char[] piped() {
            var buffer = new char[1024];
            int length = 0;
            try {
                int read;
                while ((read = env.in().read(buffer, length, buffer.length - length)) != -1) {
                    length += read;
                    if (length > SecretValue.MAX_CHARS + 2) {
                        Arrays.fill(buffer, '\0');
                        throw new CliFailure(
                                2, "refused: a secret value is at most " + SecretValue.MAX_CHARS + " characters");
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
    static void warnUnset(Services services, Environment env, String plugin, java.util.SortedSet<String> declared) {
        if (declared.isEmpty()) {
            return;
        }
        try (var vault = openVault(services, env)) {
            var stored = new TreeSet<String>();
            vaultCall(vault::list).stream()
                    .filter(e -> e.plugin().equals(plugin))
                    .forEach(e -> stored.add(e.name()));
            for (var name : declared) {
                if (!stored.contains(name)) {
                    env.err()
                            .println("warning: " + plugin + " declares the secret " + name
                                    + ", which is not set; set it with: gatehouse secrets set " + plugin + " "
                                    + name);
                }
            }
        } catch (CliFailure e) {
            env.err().println("warning: cannot check the secrets " + plugin + " declares: " + e.getMessage());
        }
    }

    /** The secrets the plugin's active version declares, and those a pending update would add. */
    static TreeSet<String> declaredSecrets(PluginRecord record) {
        var names = new TreeSet<>(record.active().capabilities().secrets());
        record.pending().ifPresent(p -> names.addAll(p.capabilities().secrets()));
        return names;
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

        record Row(String plugin, String name, boolean set, String declaredBy) {}

        @Override
        public void run() {
            var rows = new TreeMap<SecretEntry, Row>();
            var services = new Services(env);
            for (var record : services.lifecycle().list()) {
                for (var name : declaredSecrets(record)) {
                    var by = record.name() + " " + record.active().version();
                    if (!record.active().capabilities().secrets().contains(name)) {
                        by = record.name() + " "
                                + record.pending().orElseThrow().version() + " (update pending)";
                    }
                    rows.put(new SecretEntry(record.name(), name), new Row(record.name(), name, false, by));
                }
            }
            try (var vault = openVault(services, env)) {
                for (var entry : vaultCall(vault::list)) {
                    if (entry.plugin().equals(Vault.HOST_NAMESPACE)) {
                        continue; // the host's own keys (the audit checkpoint key): not the operator's to manage
                    }
                    rows.compute(
                            entry,
                            (e, row) -> row == null
                                    ? new Row(
                                            e.plugin(), e.name(), true, "nobody (not declared by an installed plugin)")
                                    : new Row(row.plugin(), row.name(), true, row.declaredBy()));
                }
            }
            if (json) {
                Render.json(
                        env.out(), rows.values().stream().map(ListSecrets::view).toList());
                return;
            }
            if (rows.isEmpty()) {
                env.out().println("No plugin declares a secret, and none is stored.");
                return;
            }
            var format = "%-24s %-32s %-6s %s%n";
            env.out().printf(format, "PLUGIN", "NAME", "STATUS", "DECLARED BY");
            rows.values().forEach(r -> env.out()
                    .printf(format, r.plugin(), r.name(), r.set() ? "set" : "unset", r.declaredBy()));
        }

        private static Map<String, Object> view(Row r) {
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
            var services = new Services(env);
            boolean removed;
            try (var vault = openVault(services, env)) {
                removed = vaultCall(() -> vault.remove(plugin, name));
            }
            if (!removed) {
                throw new CliFailure(1, "no secret " + shown(plugin) + "/" + shown(name) + " is stored");
            }
            audit(services, "secret.removed", plugin, name);
            env.out().println("removed " + plugin + "/" + name);
        }
    }
}

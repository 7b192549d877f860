package dev.gatehouse.cli;

import dev.gatehouse.api.operator.KeyViews;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "keys",
        header = "Create, list and revoke API keys.",
        mixinStandardHelpOptions = true,
        description = {
            "Manage API keys: callers present one as 'Authorization: Bearer ghk_...'.",
            "Only a hash is stored in $GATEHOUSE_HOME/data/gatehouse.db; a key is shown once, when created."
        },
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand extends CommandGroup {

    /** {@code 30d}, {@code 12h}, {@code 90m}...: the shared duration syntax plus days. */
    static Duration expiry(String text) {
        return DurationOption.parse(text)
                .orElseThrow(() -> new CliFailure(2, "--expires must be a duration such as 30d, 12h or 90m"));
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an API key and print it once.")
    static final class Create implements Runnable {
        private final Environment env;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "Unique name, e.g. ci-bot.")
        String name;

        @Option(
                names = "--scopes",
                required = true,
                paramLabel = "SCOPES",
                description = "Comma-separated scopes, e.g. crm:read,crm:write.")
        String scopes;

        @Option(names = "--expires", paramLabel = "DURATION", description = "Expire after this long, e.g. 30d.")
        String expires;

        @Option(
                names = "--unknown-scopes",
                description = "Accept scopes that no installed plugin, builtin or scopes.hierarchy names yet"
                        + " (for a plugin you are about to install).")
        boolean unknownScopes;

        Create(Environment env) {
            this.env = env;
        }

        @Override
        public void run() {
            var scopeSet = new LinkedHashSet<String>();
            Arrays.stream(scopes.split(","))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .forEach(scopeSet::add);
            Optional<Instant> expiresAt = Optional.ofNullable(expires)
                    .map(e -> env.clock().instant().plus(expiry(e)).truncatedTo(ChronoUnit.SECONDS));
            var created = new Services(env).operator().keys().create(name, scopeSet, expiresAt, unknownScopes);
            env.out().println(created.key());
            env.err()
                    .println("Created API key '" + name + "' with scopes "
                            + String.join(", ", created.info().scopes())
                            + created.info()
                                    .expiresAt()
                                    .map(e -> ", expiring " + e)
                                    .orElse("") + ".");
            env.err().println("Store it now: it is shown only this once and cannot be recovered.");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List API keys (never the keys themselves).")
    static final class ListKeys implements Runnable {
        private final Environment env;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        ListKeys(Environment env) {
            this.env = env;
        }

        @Override
        public void run() {
            var keys = new Services(env).operator().keys().list();
            if (json) {
                Render.json(env.out(), keys.stream().map(ListKeys::view).toList());
                return;
            }
            if (keys.isEmpty()) {
                env.out().println("No API keys. Create one with: gatehouse keys create --name NAME --scopes a:b");
                return;
            }
            var format = "%-24s %-8s %-30s %-21s %-21s %s%n";
            env.out().printf(format, "NAME", "STATUS", "SCOPES", "CREATED", "EXPIRES", "LAST USED");
            keys.forEach(k -> env.out()
                    .printf(
                            format,
                            k.name(),
                            k.status(),
                            String.join(",", k.scopes()),
                            seconds(k.createdAt()),
                            k.expiresAt().map(ListKeys::seconds).orElse("never"),
                            k.lastUsedAt().map(ListKeys::seconds).orElse("never")));
            if (keys.stream().noneMatch(k -> k.status().equals("active"))) {
                env.out()
                        .println("No active API keys. Create one with: gatehouse keys create --name NAME --scopes a:b");
            }
        }

        private static String seconds(Instant t) {
            return t.truncatedTo(ChronoUnit.SECONDS).toString();
        }

        private static Map<String, Object> view(KeyViews.Key k) {
            var view = new LinkedHashMap<String, Object>();
            view.put("name", k.name());
            view.put("key_id", k.keyId());
            view.put("status", k.status());
            view.put("scopes", List.copyOf(k.scopes()));
            view.put("created", k.createdAt().toString());
            view.put("expires", k.expiresAt().map(Instant::toString).orElse(null));
            view.put("last_used", k.lastUsedAt().map(Instant::toString).orElse(null));
            view.put("revoked", k.revokedAt().map(Instant::toString).orElse(null));
            return view;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke an API key by name.")
    static final class Revoke implements Runnable {
        private final Environment env;

        @Parameters(paramLabel = "NAME", description = "The key's name.")
        String name;

        Revoke(Environment env) {
            this.env = env;
        }

        @Override
        public void run() {
            if (!new Services(env).operator().keys().revoke(name)) {
                throw new CliFailure(1, "no active API key is named '" + name.replaceAll("[^a-z0-9._-]", "?") + "'");
            }
            env.out().println("revoked API key " + name);
        }
    }
}

package dev.gatehouse.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "trust",
        mixinStandardHelpOptions = true,
        description = {
            "Manage the publisher keys that plugin signatures are verified with.",
            "A plugin's trust level is that of the publisher whose key verified its signature;",
            "unsigned or unverifiable plugins are 'unknown'."
        },
        subcommands = {TrustCommand.Add.class, TrustCommand.ListKeys.class, TrustCommand.Remove.class})
final class TrustCommand extends CommandGroup {

    @Command(
            name = "add",
            header = "Trust a publisher's Ed25519 key (OpenSSH or PEM).",
            mixinStandardHelpOptions = true,
            description = {
                "Trust a publisher's Ed25519 public key: an OpenSSH public key (ssh-ed25519 ...) or a PEM",
                "'PUBLIC KEY' (X.509) file."
            })
    static final class Add implements Runnable {
        private final Environment env;

        @Parameters(paramLabel = "PUBLISHER", description = "The publisher name plugins declare in 'publisher:'.")
        String publisher;

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "The public key file.")
        Path key;

        @Option(names = "--level", required = true, paramLabel = "LEVEL", description = "official or community.")
        String level;

        Add(Environment env) {
            this.env = env;
        }

        @Override
        public void run() {
            var added = new Services(env).operator().trust().add(publisher, key, level);
            env.out()
                    .println("trusted " + added.fingerprint() + " for publisher " + publisher + " (" + added.level()
                            + ")");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List trusted publisher keys.")
    static final class ListKeys implements Runnable {
        private final Environment env;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        ListKeys(Environment env) {
            this.env = env;
        }

        @Override
        public void run() {
            var keys = new Services(env).operator().trust().list();
            if (json) {
                Render.json(
                        env.out(),
                        keys.stream()
                                .map(k -> java.util.Map.of(
                                        "publisher", k.publisher(),
                                        "level", k.level(),
                                        "fingerprint", k.fingerprint(),
                                        "added", k.added().toString()))
                                .toList());
                return;
            }
            if (keys.isEmpty()) {
                env.out()
                        .println(
                                "No trusted publishers. Add one with: gatehouse trust add PUBLISHER --key FILE --level community");
                return;
            }
            env.out().printf("%-20s %-10s %-52s %s%n", "PUBLISHER", "LEVEL", "KEY", "ADDED");
            keys.forEach(k ->
                    env.out().printf("%-20s %-10s %-52s %s%n", k.publisher(), k.level(), k.fingerprint(), k.added()));
        }
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description = "Stop trusting a publisher, or one of its keys.")
    static final class Remove implements Runnable {
        private final Environment env;

        @Parameters(paramLabel = "PUBLISHER", description = "The publisher.")
        String publisher;

        @Option(names = "--fingerprint", paramLabel = "SHA256:...", description = "Remove only this key.")
        String fingerprint;

        Remove(Environment env) {
            this.env = env;
        }

        @Override
        public void run() {
            int removed =
                    new Services(env).operator().trust().remove(publisher, java.util.Optional.ofNullable(fingerprint));
            if (removed == 0) {
                throw new CliFailure(
                        1,
                        "no trusted key matched publisher " + publisher
                                + (fingerprint == null ? "" : " and fingerprint " + fingerprint));
            }
            env.out().println("removed " + removed + " key(s) of publisher " + publisher);
        }
    }
}

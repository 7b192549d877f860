package dev.gatehouse.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Set;

/** Asks the operator a yes/no question; only an explicit yes counts. */
final class Consent {

    private static final Set<String> YES = Set.of("y", "yes");

    private Consent() {}

    /** @return how consent was given ({@code --yes} or {@code prompt}), or null when refused */
    static String ask(Environment env, boolean yes, String question) {
        if (yes) {
            return "--yes";
        }
        if (!env.interactive()) {
            throw new CliFailure(
                    2,
                    "consent is needed and nobody can answer here: run this in a terminal, or pass --yes to consent");
        }
        env.out().print(question + " [y/N] ");
        env.out().flush();
        try {
            var answer = env.in().readLine();
            if (answer != null && YES.contains(answer.strip().toLowerCase(Locale.ROOT))) {
                return "prompt";
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

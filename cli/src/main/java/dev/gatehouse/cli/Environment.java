package dev.gatehouse.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Everything the CLI takes from the world outside the JVM, injected so tests run commands against a
 * temp home, scripted input and captured output.
 *
 * @param home {@code $GATEHOUSE_HOME}
 * @param user the operating-system user, recorded as the principal of CLI actions
 * @param interactive whether a person can answer prompts on {@code in}
 * @param debug whether internal errors print their stack trace ({@code GATEHOUSE_DEBUG} set)
 * @param apiKeyFromEnv {@code GATEHOUSE_API_KEY}, for commands that call tools
 */
public record Environment(
        Path home,
        BufferedReader in,
        PrintWriter out,
        PrintWriter err,
        Clock clock,
        String user,
        boolean interactive,
        boolean debug,
        java.util.Optional<String> apiKeyFromEnv) {

    static Environment system() {
        Map<String, String> env = System.getenv();
        var home = env.getOrDefault("GATEHOUSE_HOME", "");
        Path homePath = home.isBlank() ? Path.of(System.getProperty("user.home"), ".gatehouse") : Path.of(home);
        var user = System.getProperty("user.name", "unknown");
        return new Environment(
                homePath.toAbsolutePath().normalize(),
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8),
                Clock.systemUTC(),
                user,
                System.console() != null,
                env.containsKey("GATEHOUSE_DEBUG"),
                java.util.Optional.ofNullable(env.get("GATEHOUSE_API_KEY")).filter(k -> !k.isBlank()));
    }

    java.util.Optional<String> apiKey() {
        return apiKeyFromEnv;
    }

    @Override
    public String toString() {
        return "Environment[home=" + home + ", user=" + user + "]";
    }

    /** The principal recorded for actions taken through this CLI. */
    public String principal() {
        return "cli:" + user;
    }
}

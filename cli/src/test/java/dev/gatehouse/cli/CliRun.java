package dev.gatehouse.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;

/** Runs the real command line against a temp home with scripted input and captured output. */
final class CliRun {

    private final Path home;
    private boolean interactive;
    private String input = "";

    CliRun(Path home) {
        this.home = home;
    }

    /** Answers prompts with these lines, as a person at a terminal would. */
    CliRun answering(String lines) {
        this.interactive = true;
        this.input = lines;
        return this;
    }

    Result run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var env = new Environment(
                home,
                new BufferedReader(new StringReader(input)),
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                Clock.systemUTC(),
                "tester",
                interactive,
                false,
                java.util.Optional.empty());
        int code = GatehouseCommand.commandLine(env).execute(args);
        interactive = false;
        input = "";
        return new Result(code, out.toString(), err.toString());
    }

    /** An environment for tests that only look at the command tree. */
    Environment environmentForInspection() {
        return new Environment(
                home,
                new BufferedReader(new StringReader("")),
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()),
                Clock.systemUTC(),
                "tester",
                false,
                false,
                java.util.Optional.empty());
    }

    record Result(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }
    }
}

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
    private java.util.Optional<String> masterKey = java.util.Optional.empty();
    private String searchPath = "";
    private Environment.ProtocolStdio stdio = Environment.ProtocolStdio.none();

    CliRun(Path home) {
        this.home = home;
    }

    /** Answers prompts with these lines, as a person at a terminal would. */
    CliRun answering(String lines) {
        this.interactive = true;
        this.input = lines;
        return this;
    }

    /** Runs with {@code GATEHOUSE_MASTER_KEY} set to this key. */
    CliRun withMasterKey(String key) {
        this.masterKey = java.util.Optional.of(key);
        return this;
    }

    /** Runs with {@code PATH} set to this. */
    CliRun withSearchPath(String path) {
        this.searchPath = path;
        return this;
    }

    /** Gives a protocol command ({@code gatehouse mcp}) these byte streams as its stdin and stdout. */
    CliRun withProtocolStdio(Environment.ProtocolStdio stdio) {
        this.stdio = stdio;
        return this;
    }

    /** Pipes this text to standard input, as {@code printf ... | gatehouse ...} would. */
    CliRun piping(String text) {
        this.interactive = false;
        this.input = text;
        return this;
    }

    Result run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var in = new BufferedReader(new StringReader(input));
        var errWriter = new PrintWriter(err, true);
        var env = new Environment(
                home,
                in,
                new PrintWriter(out, true),
                errWriter,
                Clock.systemUTC(),
                "tester",
                interactive,
                false,
                java.util.Optional.empty(),
                masterKey,
                searchPath,
                prompt -> Environment.readLine(in, errWriter, prompt),
                stdio,
                new Operators());
        int code;
        try {
            code = GatehouseCommand.commandLine(env).execute(args);
        } finally {
            env.operators().close();
        }
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

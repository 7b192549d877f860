package dev.gatehouse.cli;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
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
 * @param masterKeyFromEnv {@code GATEHOUSE_MASTER_KEY}, the vault file's key when set
 * @param searchPath {@code PATH}, where {@code gatehouse doctor} looks for bubblewrap
 * @param hiddenInput reads a line without echoing it, for secrets typed at a prompt
 * @param protocolStdio standard input and output as bytes, for {@code gatehouse mcp}
 * @param operators the operator of this home, shared by every part of one command and closed when it ends
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
        java.util.Optional<String> apiKeyFromEnv,
        java.util.Optional<String> masterKeyFromEnv,
        String searchPath,
        HiddenInput hiddenInput,
        ProtocolStdio protocolStdio,
        Operators operators) {

    /** Reads one line with echo off; empty at end of input. */
    @FunctionalInterface
    public interface HiddenInput {
        java.util.Optional<char[]> read(String prompt);
    }

    /** Standard input and output as bytes, for a command whose standard output carries a protocol. */
    @FunctionalInterface
    public interface ProtocolStdio {

        /**
         * Hands standard input and output over to the protocol. From then on nothing else may
         * write to standard output: whatever still writes to {@code System.out} (a library's stray
         * print) goes to standard error instead.
         */
        Streams claim();

        /** The protocol's two byte streams. */
        record Streams(InputStream in, OutputStream out) {}

        /**
         * Claims {@code in} and {@code out} and points {@code System.out} at {@code System.err}:
         * the standard streams of the process, or of a test that set them.
         */
        static ProtocolStdio redirectingSystemOut(InputStream in, OutputStream out) {
            return () -> {
                System.out.flush();
                System.setOut(System.err);
                return new Streams(in, out);
            };
        }

        /** For environments without protocol streams: every claim is refused. */
        static ProtocolStdio none() {
            return () -> {
                throw new CliFailure(2, "this environment has no standard streams to serve a protocol on");
            };
        }
    }

    /** The environment without vault key, PATH or terminal: hidden input is read from {@code in}. */
    public Environment(
            Path home,
            BufferedReader in,
            PrintWriter out,
            PrintWriter err,
            Clock clock,
            String user,
            boolean interactive,
            boolean debug,
            java.util.Optional<String> apiKeyFromEnv) {
        this(
                home,
                in,
                out,
                err,
                clock,
                user,
                interactive,
                debug,
                apiKeyFromEnv,
                java.util.Optional.empty(),
                "",
                prompt -> readLine(in, err, prompt),
                ProtocolStdio.none(),
                new Operators());
    }

    /** Hidden input where no terminal can hide it: the prompt goes to {@code err}, the line comes from {@code in}. */
    static java.util.Optional<char[]> readLine(BufferedReader in, PrintWriter err, String prompt) {
        err.print(prompt);
        err.flush();
        try {
            var line = in.readLine();
            return java.util.Optional.ofNullable(line).map(String::toCharArray);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

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
                java.util.Optional.ofNullable(env.get("GATEHOUSE_API_KEY")).filter(k -> !k.isBlank()),
                java.util.Optional.ofNullable(env.get("GATEHOUSE_MASTER_KEY")).filter(k -> !k.isBlank()),
                env.getOrDefault("PATH", ""),
                prompt -> {
                    var console = System.console();
                    return console == null
                            ? java.util.Optional.empty()
                            : java.util.Optional.ofNullable(console.readPassword("%s", prompt));
                },
                // The raw descriptor, not System.out: a PrintStream would hide a broken pipe.
                ProtocolStdio.redirectingSystemOut(System.in, new FileOutputStream(FileDescriptor.out)),
                new Operators());
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

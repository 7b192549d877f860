package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's five-minute tour from its own code blocks, in order, on a fresh home, as a new
 * user would: every {@code $ } line through bash in a copy of the repository's examples, with
 * {@code ./gatehouse} the real command line (run from this build's classes). {@code serve} runs in
 * the background on a free port. Each command must succeed, or fail where the README shows a
 * {@code gatehouse:} error, and print every line the README shows but for what differs by machine
 * (keys, digests, times, paths, numbers).
 */
class ReadmeTourTest {

    static final Path README = Path.of("..", "README.md").toAbsolutePath().normalize();
    static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

    /** Lines whose content differs from machine to machine; numbers are compared as N anyway. */
    static final Pattern VOLATILE = Pattern.compile(
            "ghk_|sha256:|SHA256:|/home/you|127\\.0\\.0\\.1:8787|\\d{4}-\\d\\d-\\d\\dT|^#\\d|^\\.\\.\\.$|^intact: |^note: ");

    record Step(String command, List<String> expected) {
        boolean expectsFailure() {
            return expected.stream().anyMatch(l -> l.startsWith("gatehouse: "));
        }
    }

    @TempDir
    Path tmp;

    @Test
    void theTourRunsAsWrittenOnAFreshHome() throws Exception {
        var steps = steps(Files.readString(README));
        assertThat(steps).as("commands in the README tour").hasSizeGreaterThan(20);
        assertThat(steps.getFirst().command()).isEqualTo("./gatehouse serve");

        var work = Files.createDirectories(tmp.resolve("repo"));
        copy(EXAMPLES, work.resolve("examples"));
        var user = Files.createDirectories(tmp.resolve("user"));
        var launcher = work.resolve("gatehouse");
        Files.writeString(launcher, """
                #!/bin/sh
                exec "$TOUR_JAVA" -Duser.home="$HOME" -Dorg.sqlite.tmpdir="$TOUR_SQLITE_TMP" \\
                    --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \\
                    -cp "$TOUR_CP" dev.gatehouse.cli.Main "$@"
                """);
        launcher.toFile().setExecutable(true);

        Process serve = null;
        var serveOut = new CopyOnWriteArrayList<String>();
        try {
            serve = start(work, user, "./gatehouse serve --bind 127.0.0.1:0", serveOut);
            await(serve, serveOut, "Create narrower keys with");
            check(steps.getFirst(), String.join("\n", serveOut));
            for (var step : steps.subList(1, steps.size())) {
                var run = run(work, user, step.command());
                assertThat(run.exitCode() != 0)
                        .as("exit code %d of `%s`:%n%s", run.exitCode(), step.command(), run.output())
                        .isEqualTo(step.expectsFailure());
                check(step, run.output());
            }
        } finally {
            if (serve != null) {
                serve.destroy();
                assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
        }
        assertThat(serveOut).noneSatisfy(l -> assertThat(l).contains("Exception"));
    }

    /** Every line the README shows for this step, but the machine-dependent ones, appears in its output. */
    static void check(Step step, String output) {
        var actual = output.lines().map(ReadmeTourTest::normal).toList();
        for (var line : step.expected()) {
            if (VOLATILE.matcher(line.strip()).find() || line.isBlank()) {
                continue;
            }
            assertThat(actual)
                    .as("`%s` should print%n  %s%nbut printed:%n%s", step.command(), line, output)
                    .contains(normal(line));
        }
    }

    /** Compared without the numbers and the spacing that differ between runs. */
    static String normal(String line) {
        return line.strip().replaceAll("\\s+", " ").replaceAll("\\d+", "N");
    }

    /** The {@code $ } commands of the tour's code blocks, each with the lines shown after it. */
    static List<Step> steps(String readme) {
        var tour = readme.substring(readme.indexOf("## A five-minute tour"), readme.indexOf("## Documentation"));
        var steps = new ArrayList<Step>();
        boolean inBlock = false;
        String command = null;
        var expected = new ArrayList<String>();
        for (var line : tour.lines().toList()) {
            if (line.startsWith("```")) {
                if (inBlock && command != null) {
                    steps.add(new Step(command, List.copyOf(expected)));
                }
                inBlock = !inBlock;
                command = null;
                expected.clear();
                continue;
            }
            if (!inBlock) {
                continue;
            }
            if (line.startsWith("$ ")) {
                if (command != null) {
                    steps.add(new Step(command, List.copyOf(expected)));
                }
                command = line.substring(2);
                expected.clear();
            } else if (command != null) {
                expected.add(line);
            }
        }
        return steps;
    }

    record Run(int exitCode, String output) {}

    Run run(Path work, Path user, String command) throws IOException, InterruptedException {
        var output = new CopyOnWriteArrayList<String>();
        var process = start(work, user, command, output);
        assertThat(process.waitFor(120, TimeUnit.SECONDS))
                .as("`%s` finished", command)
                .isTrue();
        // The pump ends with the stream; wait for it so no line is missed.
        pumps.remove(process).join(10_000);
        return new Run(process.exitValue(), String.join("\n", output));
    }

    private final java.util.Map<Process, Thread> pumps = new java.util.concurrent.ConcurrentHashMap<>();

    Process start(Path work, Path user, String command, List<String> sink) throws IOException {
        var pb = new ProcessBuilder("bash", "-c", "set -o pipefail; " + command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        var env = pb.environment();
        env.remove("GATEHOUSE_HOME");
        env.put("HOME", user.toString());
        env.put("GITHUB_TOKEN", "tour-token-not-a-real-one-0123456789");
        env.put("TOUR_JAVA", ProcessHandle.current().info().command().orElse("java"));
        env.put("TOUR_CP", System.getProperty("java.class.path"));
        env.put("TOUR_SQLITE_TMP", System.getProperty("org.sqlite.tmpdir", tmp.toString()));
        var process = pb.start();
        var pump = Thread.ofVirtual().start(() -> {
            try (var reader =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    sink.add(line);
                }
            } catch (IOException e) {
                // The process went away; what it printed is in the sink.
            }
        });
        pumps.put(process, pump);
        return process;
    }

    static void await(Process process, List<String> output, String line) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (output.stream().noneMatch(l -> l.contains(line))) {
            assertThat(process.isAlive()).as("serve exited: %s", output).isTrue();
            assertThat(System.nanoTime())
                    .as("serve never printed %s: %s", line, output)
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    static void copy(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (var p : paths.toList()) {
                var target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}

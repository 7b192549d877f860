package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./gatehouse} launcher itself, run by bash on a copy of the source tree's layout: it
 * builds only when the jar is missing or a source is newer, never twice at once, shows the build's
 * last lines when it fails, and runs the jar with a JDK 25 whatever {@code java} is on the PATH.
 * The Maven wrapper is replaced by a script that records its calls and "builds" a small real jar,
 * so the test exercises the launcher's logic, not a minute-long build.
 */
class LauncherTest {

    /** The repository root: surefire runs in the cli module's directory. */
    static final Path REPO = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path root;

    Path jar;
    Path calls;

    @BeforeEach
    void layout() throws Exception {
        Files.createDirectories(root.resolve("bin"));
        Files.copy(REPO.resolve("gatehouse"), root.resolve("gatehouse"));
        Files.copy(REPO.resolve("bin/find-java.sh"), root.resolve("bin/find-java.sh"));
        var source = root.resolve("core/src/main/java/Core.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class Core {}\n");
        jar = root.resolve("cli/target/gatehouse.jar");
        calls = root.resolve("mvnw.calls");
        var built = echoJar(root.resolve("prebuilt.jar"));
        // Stands in for ./mvnw: records its arguments, fails when asked to, else "builds" the jar.
        executable(root.resolve("mvnw"), """
                #!/usr/bin/env bash
                echo "$*" >> "%s"
                if [ -f "%s" ]; then echo "[ERROR] COMPILATION ERROR in Core.java"; exit 1; fi
                sleep 1
                mkdir -p "%s"
                cp "%s" "%s"
                """.formatted(calls, root.resolve("fail-build"), jar.getParent(), built, jar));
    }

    @Test
    void theFirstRunBuildsAndLaterRunsDoNot() throws Exception {
        var first = run(List.of("serve", "--flag", "a b"));
        assertThat(first.exit()).isZero();
        assertThat(first.stderr()).contains("building from source");
        assertThat(first.stdout()).contains("args=serve|--flag|a b");
        assertThat(Files.readAllLines(calls)).singleElement().asString().contains("-pl cli -am package");

        // Beside the jar, the ahead-of-time class cache recorded from one training run.
        assertThat(jar.resolveSibling("gatehouse.aot")).isNotEmptyFile();

        var second = run(List.of("doctor"));
        assertThat(second.exit()).isZero();
        assertThat(second.stderr()).doesNotContain("building");
        assertThat(second.stdout()).contains("args=doctor");
        assertThat(Files.readAllLines(calls)).hasSize(1);
    }

    @Test
    void aSourceNewerThanTheJarRebuildsIt() throws Exception {
        run(List.of());
        Files.setLastModifiedTime(
                root.resolve("core/src/main/java/Core.java"),
                FileTime.from(Instant.now().plusSeconds(60)));
        var again = run(List.of());
        assertThat(again.stderr()).contains("building from source");
        assertThat(Files.readAllLines(calls)).hasSize(2);
        Files.setLastModifiedTime(
                root.resolve("core/src/main/java/Core.java"),
                FileTime.from(Instant.now().minusSeconds(60)));
        // Files the build writes itself never make the jar stale.
        Files.createDirectories(root.resolve("core/target"));
        Files.writeString(root.resolve("core/target/Generated.java"), "class Generated {}\n");
        Files.setLastModifiedTime(
                root.resolve("core/target/Generated.java"),
                FileTime.from(Instant.now().plusSeconds(120)));
        assertThat(run(List.of()).stderr()).doesNotContain("building");
    }

    @Test
    void aFailedBuildShowsItsLastLinesAndRunsNothing() throws Exception {
        Files.writeString(root.resolve("fail-build"), "");
        var failed = run(List.of("serve"));
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.stderr()).contains("the build failed").contains("COMPILATION ERROR in Core.java");
        assertThat(failed.stdout()).doesNotContain("args=");
        assertThat(jar).doesNotExist();
    }

    @Test
    void twoFirstRunsAtOnceBuildOnce() throws Exception {
        var a = start(List.of("one"));
        var b = start(List.of("two"));
        assertThat(a.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(b.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(a.exitValue()).isZero();
        assertThat(b.exitValue()).isZero();
        assertThat(Files.readAllLines(calls)).hasSize(1);
    }

    @Test
    void itRunsOnAJdk25EvenWhenThePathOffersAnOlderJava() throws Exception {
        var old = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin");
        var path = (Files.isDirectory(old) ? old + ":" : "") + "/usr/bin:/bin";
        var result = run(List.of("x"), Map.of("PATH", path));
        assertThat(result.exit()).as(result.stderr()).isZero();
        int feature = Integer.parseInt(result.stdout().replaceAll("(?s).*java=(\\d+).*", "$1"));
        assertThat(feature).isGreaterThanOrEqualTo(25);
    }

    record Result(int exit, String stdout, String stderr) {}

    Result run(List<String> args) throws Exception {
        return run(args, Map.of());
    }

    Result run(List<String> args, Map<String, String> env) throws Exception {
        var process = start(args, env);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(
                process.exitValue(),
                Files.readString(root.resolve("out-" + process.pid())),
                Files.readString(root.resolve("err-" + process.pid())));
    }

    Process start(List<String> args) throws IOException {
        return start(args, Map.of());
    }

    Process start(List<String> args, Map<String, String> env) throws IOException {
        var command =
                new ArrayList<String>(List.of("bash", root.resolve("gatehouse").toString()));
        command.addAll(args);
        var builder = new ProcessBuilder(command).directory(root.toFile());
        // No JAVA_HOME: the launcher must find a JDK 25 by itself.
        builder.environment().remove("JAVA_HOME");
        builder.environment().putAll(env);
        var out = Files.createTempFile(root, "out", "");
        var err = Files.createTempFile(root, "err", "");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        var process = builder.start();
        Files.move(out, root.resolve("out-" + process.pid()));
        Files.move(err, root.resolve("err-" + process.pid()));
        return process;
    }

    static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    /** A runnable jar whose main prints its Java version and arguments. */
    static Path echoJar(Path target) throws IOException {
        var dir = target.resolveSibling("echo-src");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("Echo.java"), """
                public class Echo {
                    public static void main(String[] args) {
                        System.out.println("java=" + Runtime.version().feature() + " args=" + String.join("|", args));
                    }
                }
                """);
        int rc = ToolProvider.getSystemJavaCompiler()
                .run(
                        null,
                        null,
                        null,
                        "--release",
                        "17",
                        "-d",
                        dir.toString(),
                        dir.resolve("Echo.java").toString());
        assertThat(rc).isZero();
        var manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Echo");
        try (var out = new JarOutputStream(Files.newOutputStream(target), manifest)) {
            out.putNextEntry(new JarEntry("Echo.class"));
            out.write(Files.readAllBytes(dir.resolve("Echo.class")));
            out.closeEntry();
        }
        return target;
    }
}

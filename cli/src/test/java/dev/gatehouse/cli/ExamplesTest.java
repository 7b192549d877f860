package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugins under examples/ that the README tour uses must stay valid and installable. */
class ExamplesTest {

    static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    /** Inside the temp dir, so the workspace made beside it at first run is removed with it. */
    Path home;

    @org.junit.jupiter.api.BeforeEach
    void homeInsideTheTempDir() {
        home = tmp.resolve("home");
    }

    @Test
    void everyExamplePluginValidatesAndInstalls() throws Exception {
        try (var dirs = Files.list(EXAMPLES)) {
            var examples = dirs.filter(Files::isDirectory).toList();
            assertThat(examples).isNotEmpty();
            for (var dir : examples) {
                var cli = new CliRun(home);
                var validate = cli.run("plugins", "validate", dir.toString());
                assertThat(validate.exitCode()).as(validate.all()).isZero();
                var install = cli.run("plugins", "install", "--yes", dir.toString());
                assertThat(install.exitCode()).as(install.all()).isZero();
            }
        }
    }
}

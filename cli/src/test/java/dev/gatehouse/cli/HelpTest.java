package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class HelpTest {

    @TempDir
    Path tmp;

    /** Inside the temp dir, so the workspace made beside it at first run is removed with it. */
    Path home;

    @org.junit.jupiter.api.BeforeEach
    void homeInsideTheTempDir() {
        home = tmp.resolve("home");
    }

    static List<CommandLine> allCommands(CommandLine root) {
        var out = new ArrayList<CommandLine>();
        out.add(root);
        for (var sub : root.getSubcommands().values()) {
            if (!sub.getCommandName().equals("help")) {
                out.addAll(allCommands(sub));
            }
        }
        return out.stream().distinct().toList();
    }

    @Test
    void everyCommandDescribesItselfAndEachOfItsOptionsAndParameters() {
        var root = GatehouseCommand.commandLine(new CliRun(home).environmentForInspection());
        var commands = allCommands(root);
        assertThat(commands)
                .extracting(CommandLine::getCommandName)
                .contains(
                        "plugins",
                        "validate",
                        "install",
                        "list",
                        "inspect",
                        "enable",
                        "disable",
                        "update",
                        "remove",
                        "verify",
                        "digest",
                        "trust",
                        "add");
        for (var cl : commands) {
            var spec = cl.getCommandSpec();
            assertThat(spec.usageMessage().description())
                    .as("description of " + spec.qualifiedName())
                    .isNotEmpty();
            spec.options().forEach(o -> assertThat(o.description())
                    .as("description of " + spec.qualifiedName() + " " + o.longestName())
                    .isNotEmpty());
            spec.positionalParameters().forEach(p -> assertThat(p.description())
                    .as("description of " + spec.qualifiedName() + " " + p.paramLabel())
                    .isNotEmpty());
        }
    }

    @Test
    void helpTextIsWrappedOnceAtTheHelpWidth() {
        var root = GatehouseCommand.commandLine(new CliRun(home).environmentForInspection());
        for (var cl : allCommands(root)) {
            var usage = cl.getCommandSpec().usageMessage();
            // Each description element is a paragraph picocli wraps: none continues a sentence.
            for (var paragraph : usage.description()) {
                assertThat(paragraph.isEmpty() || !Character.isLowerCase(paragraph.charAt(0)))
                        .as(
                                "'%s' in %s starts mid-sentence",
                                paragraph, cl.getCommandSpec().qualifiedName())
                        .isTrue();
            }
            var help = cl.getUsageMessage();
            assertThat(help.lines()).allSatisfy(line -> assertThat(line.length())
                    .as("%s: %s", cl.getCommandSpec().qualifiedName(), line)
                    .isLessThanOrEqualTo(cl.getUsageHelpWidth()));
        }
    }

    @Test
    void helpOfEveryCommandPrintsAndExitsZero() {
        var root = GatehouseCommand.commandLine(new CliRun(home).environmentForInspection());
        for (var cl : allCommands(root)) {
            var path = new ArrayList<String>(
                    List.of(cl.getCommandSpec().qualifiedName(" ").split(" ")));
            path.removeFirst();
            path.add("--help");
            var result = new CliRun(home).run(path.toArray(String[]::new));
            assertThat(result.exitCode()).as(String.join(" ", path)).isZero();
            assertThat(result.out()).contains("Usage: " + cl.getCommandSpec().qualifiedName(" "));
        }
    }

    @Test
    void digestHelpShowsTheSigningRecipeLiterally() {
        var result = new CliRun(home).run("plugins", "digest", "--help");
        assertThat(result.out()).contains("printf %s \"$(gatehouse plugins digest DIR)\"");
    }

    @Test
    void anUnknownCommandIsAUsageErrorWithExitTwo() {
        var result = new CliRun(home).run("plugins", "instal", "x");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("instal");
    }
}

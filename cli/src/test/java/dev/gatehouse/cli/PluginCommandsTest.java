package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.plugins.testing.PluginTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin commands as an operator uses them, end to end through the real command line. */
class PluginCommandsTest {

    @TempDir
    Path tmp;

    Path home;
    CliRun cli;

    @BeforeEach
    void setUp() {
        home = tmp.resolve("home");
        cli = new CliRun(home);
    }

    static PluginTree crm() {
        return PluginTree.named("crm")
                .net("acme.crm.example.com:443")
                .fsRead("/srv/docs")
                .secret("ACME_CRM_TOKEN")
                .env("ACME_CRM_BASE_URL");
    }

    Path write(PluginTree tree, String dir) {
        return tree.writeTo(tmp.resolve(dir));
    }

    @Test
    void validateAcceptsAGoodPlugin() {
        var result = cli.run("plugins", "validate", write(crm(), "crm").toString());
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("valid manifest for crm 1.0.0");
    }

    @Test
    void validateReportsEveryProblemWithLineAndColumnAndExitsTwo() {
        var dir = write(
                PluginTree.named("crm")
                        .manifest(
                                "manifest_version: 1\nname: Bad Name\nversion: one\ndescription: x\nruntime: {type: process}\n"),
                "bad");
        var result = cli.run("plugins", "validate", dir.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        var located = result.err()
                .lines()
                .filter(l -> l.matches("\\s*\\S*plugin\\.yaml:\\d+:\\d+: .*"))
                .toList();
        assertThat(located).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void installShowsInPlainWordsWhatThePluginMayDoAndAsksFirst() {
        var dir = write(crm(), "crm");

        var declined = cli.answering("n\n").run("plugins", "install", dir.toString());
        assertThat(declined.exitCode()).isEqualTo(1);
        assertThat(declined.err()).contains("declined");
        assertThat(cli.run("plugins", "list").out()).contains("No plugins installed");

        var accepted = cli.answering("y\n").run("plugins", "install", dir.toString());
        assertThat(accepted.exitCode()).isZero();
        assertThat(accepted.out())
                .contains("may connect to acme.crm.example.com:443")
                .contains("may read /srv/docs")
                .contains("receives the secret ACME_CRM_TOKEN")
                .contains("receives the setting ACME_CRM_BASE_URL")
                .contains("runs as a process (node dist/index.js); isolation: bubblewrap")
                .contains("risk:        high")
                .contains("trust level: unknown")
                .contains("unsigned: not verified")
                .contains("installed crm 1.0.0 (not enabled)");
        assertThat(accepted.err()).contains("fetching").contains("hashing");
    }

    @Test
    void withoutATerminalConsentNeedsYes() {
        var dir = write(crm(), "crm");
        var result = cli.run("plugins", "install", dir.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--yes");
        assertThat(cli.run("plugins", "install", "--yes", dir.toString()).exitCode())
                .isZero();
        var enable = cli.run("plugins", "enable", "crm");
        assertThat(enable.exitCode()).isEqualTo(2);
        assertThat(cli.run("plugins", "list").out()).contains("installed (not enabled)");
    }

    @Test
    void logsShowsTheLastLinesAPluginsServerWroteAndOnlyForAnInstalledPlugin() throws Exception {
        cli.run("plugins", "install", "--yes", write(crm(), "crm").toString());
        var quiet = cli.run("plugins", "logs", "crm");
        assertThat(quiet.exitCode()).isZero();
        assertThat(quiet.err()).contains("crm has written nothing to stderr");

        var log = new dev.gatehouse.config.GatehouseHome(home).pluginLog("crm");
        java.nio.file.Files.createDirectories(log.getParent());
        java.nio.file.Files.writeString(log.resolveSibling("crm.log.1"), "one\ntwo\n");
        java.nio.file.Files.writeString(log, "three\nfour\n");
        assertThat(cli.run("plugins", "logs", "crm", "-n", "3").out()).isEqualTo("two\nthree\nfour\n");

        var unknown = cli.run("plugins", "logs", "nobody-here");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(cli.run("plugins", "logs", "crm", "-n", "0").exitCode()).isEqualTo(2);
    }

    @Test
    void anEnabledPluginWhoseTierCannotRunSaysSoInListAndInspect() {
        cli.run("plugins", "install", "--yes", write(crm(), "crm").toString());
        assertThat(cli.run("plugins", "enable", "crm", "--yes").exitCode()).isZero();
        assertThat(cli.run("plugins", "list").out()).contains("enabled, CANNOT RUN");
        assertThat(cli.run("plugins", "inspect", "crm").out())
                // This run's PATH has no bubblewrap: the process tier says so, and how to fix it.
                .contains("CANNOT RUN:  the process tier needs bubblewrap (bwrap), which is not on PATH:"
                        + " install the 'bubblewrap' package")
                .contains("UNAVAILABLE");
        cli.run("plugins", "disable", "crm");
        assertThat(cli.run("plugins", "list").out()).doesNotContain("CANNOT RUN");
    }

    @Test
    void inspectJsonIsMachineReadable() throws Exception {
        cli.run("plugins", "install", "--yes", write(crm(), "crm").toString());
        var result = cli.run("plugins", "inspect", "crm", "--json");
        assertThat(result.exitCode()).isZero();
        var json = new ObjectMapper().readTree(result.out());
        assertThat(json.get("name").asText()).isEqualTo("crm");
        assertThat(json.get("status").asText()).isEqualTo("installed");
        assertThat(json.get("active").get("digest").asText()).startsWith("sha256:");
        assertThat(json.get("risk").get("level").asText()).isEqualTo("HIGH");
        assertThat(json.get("tools").get(0).get("name").asText()).isEqualTo("crm_lookup");
        assertThat(json.get("capabilities_in_words").toString()).contains("may connect to acme.crm.example.com:443");
    }

    @Test
    void enableShowsTheSummaryRecordsConsentAndTheUpdateDiffWaitsForIt() throws Exception {
        cli.run("plugins", "install", "--yes", write(crm(), "v1").toString());
        var enabled = cli.answering("yes\n").run("plugins", "enable", "crm");
        assertThat(enabled.exitCode()).isZero();
        assertThat(enabled.out())
                .contains("Enable crm 1.0.0 with these capabilities? [y/N]")
                .contains("enabled crm");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(home.resolve("state/crm"))))
                .isEqualTo("rwx------");

        var update = cli.run(
                "plugins",
                "update",
                "crm",
                write(crm().version("1.1.0").net("exfil.example.net:443"), "v2").toString());
        assertThat(update.exitCode()).isZero();
        assertThat(update.out()).contains("NOT active").contains("+ may connect to exfil.example.net:443");
        assertThat(cli.run("plugins", "list").out()).contains("1.0.0 -> 1.1.0").contains("update waiting for consent");

        var consent = cli.answering("y\n").run("plugins", "enable", "crm");
        assertThat(consent.out())
                .contains("Changes from 1.0.0 to 1.1.0")
                .contains("+ may connect to exfil.example.net:443");
        assertThat(cli.run("plugins", "inspect", "crm").out())
                .contains("crm 1.1.0")
                .contains("status:      enabled");
    }

    @Test
    void verifyFlagsATamperedPluginAndExitsOne() throws Exception {
        cli.run("plugins", "install", "--yes", write(crm(), "crm").toString());
        assertThat(cli.run("plugins", "verify").out()).startsWith("ok");
        try (var versions = Files.list(home.resolve("plugins/crm/versions"))) {
            var tree = versions.findFirst().orElseThrow();
            Files.writeString(tree.resolve("dist/index.js"), "// replaced\n");
        }
        var result = cli.run("plugins", "verify", "crm");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("TAMPERED crm 1.0.0");
        assertThat(cli.run("plugins", "list").out()).contains("TAMPERED");
        var refused = cli.run("plugins", "enable", "crm", "--yes");
        assertThat(refused.err()).contains("tampered").contains("'gatehouse plugins repair crm'");

        // The command the error names puts the consented tree back from the recorded source.
        var repair = cli.run("plugins", "repair", "crm");
        assertThat(repair.exitCode()).as(repair.all()).isZero();
        assertThat(repair.out()).contains("repaired crm 1.0.0");
        assertThat(cli.run("plugins", "verify", "crm").exitCode()).isZero();
        assertThat(cli.run("plugins", "list").out()).doesNotContain("TAMPERED");
        assertThat(cli.run("plugins", "enable", "crm", "--yes").exitCode()).isZero();
    }

    @Test
    void aRepairFromASourceHoldingAnotherTreeIsRefusedAndPointsToUpdate() throws Exception {
        cli.run("plugins", "install", "--yes", write(crm(), "crm").toString());
        var other = write(crm().version("1.1.0"), "crm-1.1");
        var repair = cli.run("plugins", "repair", "crm", other.toString());
        assertThat(repair.exitCode()).isEqualTo(1);
        assertThat(repair.err()).contains("not 1.0.0's recorded").contains("gatehouse plugins update crm SOURCE");
    }

    @Test
    void everyLifecycleStepIsAuditedWithTheOperatorAsPrincipal() throws Exception {
        cli.run("plugins", "install", "--yes", write(crm(), "v1").toString());
        cli.run("plugins", "enable", "crm", "--yes");
        cli.run(
                "plugins",
                "update",
                "crm",
                write(crm().version("1.0.1").net("more.example.com:443"), "v2").toString());
        cli.run("plugins", "disable", "crm");
        cli.run(
                "plugins",
                "install",
                "--yes",
                write(PluginTree.named("Bad_Name"), "bad").toString());
        cli.run("plugins", "remove", "crm", "--purge-state");

        var types = new ArrayList<String>();
        for (var event : AuditText.events(home)) {
            if (event.principal().equals("system:first-run")) {
                continue; // the home's first run, made by the first command
            }
            assertThat(event.principal()).isEqualTo("cli:tester");
            types.add(event.type());
        }
        assertThat(types)
                .containsExactly(
                        "plugin.installed",
                        "plugin.enabled",
                        "plugin.update_pending",
                        "plugin.disabled",
                        "plugin.install_refused",
                        "plugin.removed");
    }

    @Test
    void removeKeepsStateUnlessPurged() {
        cli.run("plugins", "install", "--yes", write(crm(), "crm").toString());
        cli.run("plugins", "enable", "crm", "--yes");
        var kept = cli.run("plugins", "remove", "crm");
        assertThat(kept.out()).contains("its state is kept");
        assertThat(home.resolve("state/crm")).isDirectory();
        assertThat(cli.run("plugins", "inspect", "crm").exitCode()).isEqualTo(1);
    }
}

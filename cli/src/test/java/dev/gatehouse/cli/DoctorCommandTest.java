package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gatehouse doctor tells the operator how things stand, and always exits 0. */
class DoctorCommandTest {

    @TempDir
    Path tmp;

    @Test
    void doctorNamesTheVaultBackendAndWhyTheHomeJavaBubblewrapAndSchema() throws Exception {
        var home = tmp.resolve("home");
        Files.createDirectories(home);
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(home.resolve("gatehouse.yaml"), "vault: {backend: file}\n");
        var key = "11".repeat(32);
        var cli = new CliRun(home).withMasterKey(key);
        assertThat(cli.run("keys", "list").exitCode()).isZero(); // creates the database

        var bin = Files.createDirectories(tmp.resolve("bin"));
        var report = cli.withSearchPath(bin.toString()).run("doctor");
        assertThat(report.exitCode()).as(report.all()).isZero();
        assertThat(report.out())
                .contains("home:       " + home + " (mode rwx------")
                .contains("config:     ok")
                .contains("vault:      encrypted file " + home.resolve("vault.enc"))
                .contains("master key from GATEHOUSE_MASTER_KEY")
                .contains("chosen because vault.backend is file")
                .contains("2 entries readable") // the audit checkpoint key pair the first run made
                .contains("java:       " + Runtime.version())
                .contains("bubblewrap: not found on PATH")
                .contains("sandbox:    process plugins cannot run: the process tier needs bubblewrap (bwrap)")
                .containsPattern("database:   schema version \\d+")
                .contains("audit:      a call is answered once its record is fsync'd (audit.acknowledge: durable)")
                .doesNotContain(key);

        Files.writeString(
                home.resolve("gatehouse.yaml"),
                "vault: {backend: file}\naudit: {acknowledge: written, sync_interval: 25ms}\n");
        assertThat(cli.run("doctor").out())
                .contains("audit:      a call is answered once its record is written, and fsync'd within 25 ms"
                        + " (audit.acknowledge: written): a power cut");

        var bwrap = bin.resolve("bwrap");
        Files.writeString(bwrap, "#!/bin/sh\n");
        Files.setPosixFilePermissions(bwrap, PosixFilePermissions.fromString("rwx------"));
        assertThat(cli.withSearchPath("/nonexistent:" + bin).run("doctor").out())
                .contains("bubblewrap: installed at " + bwrap);
    }

    @Test
    void doctorReportsTheAuditLogsIntegrity() throws Exception {
        var home = tmp.resolve("home");
        var cli = new CliRun(home).withMasterKey("22".repeat(32));
        assertThat(cli.run("keys", "create", "--name", "a", "--scopes", "files:read")
                        .exitCode())
                .isZero();
        assertThat(cli.run("doctor").out()).containsPattern("audit log:  intact: \\d+ records");
        var segment = home.resolve("audit/audit-00000000000000000001.jsonl");
        var text = Files.readString(segment);
        Files.writeString(segment, text.replaceFirst("\"name\":\"a\"", "\"name\":\"b\""));
        var report = cli.run("doctor");
        assertThat(report.exitCode()).isZero();
        assertThat(report.out())
                .contains("audit log:  PROBLEM: TAMPERED at record")
                .contains("gatehouse audit verify");
    }

    @Test
    void doctorReportsProblemsAndStillExitsZero() throws Exception {
        var home = tmp.resolve("home");
        Files.createDirectories(home);
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("gatehouse.yaml"), "vault: {backend: keyring}\n");
        Files.writeString(home.resolve("vault.enc"), "not a vault");

        var report = new CliRun(home).run("doctor");
        assertThat(report.exitCode()).as(report.all()).isZero();
        assertThat(report.out()).contains("others can see into it; chmod 700").contains("database:   not created yet");
        // On a machine with an OS credential store the keyring backend opens; without one it is a problem.
        assertThat(report.out()).containsPattern("vault:      (PROBLEM: .*none is reachable|OS credential store)");

        Files.writeString(home.resolve("gatehouse.yaml"), "vault: {backend: file}\n");
        var withFile = new CliRun(home).withMasterKey("22".repeat(32)).run("doctor");
        assertThat(withFile.exitCode()).isZero();
        assertThat(withFile.out()).contains("vault:      PROBLEM: the vault file " + home.resolve("vault.enc"));

        Files.writeString(home.resolve("gatehouse.yaml"), "vault: {backend: safe}\n");
        var badConfig = new CliRun(home).run("doctor");
        assertThat(badConfig.exitCode()).isZero();
        assertThat(badConfig.out()).contains("config:     1 problem(s)").contains("auto, file or keyring");
        assertThat(badConfig.out()).contains("audit:      not checked (fix the configuration first)");

        Files.writeString(home.resolve("gatehouse.yaml"), "vault: {backend: file}\naudit: {acknowledge: sometimes}\n");
        var badAudit = new CliRun(home).run("doctor");
        assertThat(badAudit.exitCode()).isZero();
        assertThat(badAudit.out())
                .contains("config:     1 problem(s)")
                .contains("gatehouse.yaml:2:22: acknowledge must be durable or written, found 'sometimes'");
    }

    /**
     * --disk times synced writes where the audit log lives and leaves nothing behind; without it
     * doctor writes nothing. The figures are not judged, only that they are there.
     */
    @Test
    void diskTimesSyncedWritesBesideTheAuditLogAndLeavesNothingBehind() throws Exception {
        var home = tmp.resolve("home");
        var audit = Files.createDirectories(home.resolve("audit"));
        Files.writeString(home.resolve("gatehouse.yaml"), "vault: {backend: file}\n");
        var cli = new CliRun(home).withMasterKey("33".repeat(32));

        assertThat(cli.run("doctor").out()).doesNotContain("audit disk:");

        var report = cli.run("doctor", "--disk");
        assertThat(report.exitCode()).as(report.all()).isZero();
        assertThat(report.out())
                .containsPattern("audit disk: fdatasync median \\d+\\.\\d{3} ms, 90th percentile \\d+\\.\\d{3} ms,"
                        + " slowest \\d+\\.\\d{3} ms over \\d+ syncs in "
                        + java.util.regex.Pattern.quote(audit.toString()));
        try (var left = Files.list(audit)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void diskWithoutAHomeSaysSoAndCreatesNothing() throws Exception {
        var home = tmp.resolve("nothing-here");
        var report = new CliRun(home).run("doctor", "--disk");
        assertThat(report.exitCode()).as(report.all()).isZero();
        assertThat(report.out()).contains("audit disk: not measured: " + home + " does not exist yet");
        assertThat(home).doesNotExist();
    }
}

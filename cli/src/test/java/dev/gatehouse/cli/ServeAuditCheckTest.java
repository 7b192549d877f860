package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve checks the audit log it opens and says loudly when it was edited while no server ran. */
class ServeAuditCheckTest {

    @TempDir
    Path tmp;

    @Test
    void serveSaysAtStartWhenTheLogItOpensDoesNotVerify() throws Exception {
        var home = tmp.resolve("home");
        var cli = new CliRun(home);
        assertThat(cli.run("keys", "create", "--name", "a", "--scopes", "files:read")
                        .exitCode())
                .isZero();
        var segment = home.resolve("audit/audit-00000000000000000001.jsonl");
        Files.writeString(segment, Files.readString(segment).replaceFirst("\"name\":\"a\"", "\"name\":\"b\""));
        var config =
                Files.readString(home.resolve("gatehouse.yaml")).replace("bind: 127.0.0.1:8787", "bind: 127.0.0.1:0");
        try (var serve = ServeProcess.start(home, config)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (serve.err.stream().noneMatch(l -> l.contains("the audit log does not verify"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(serve.err).anySatisfy(l -> assertThat(l)
                    .contains("WARNING: the audit log does not verify: PROBLEM: TAMPERED at record"));
        }
    }

    @Test
    void aSegmentReplacedUnderARunningServeIsReportedOnItsConsole() throws Exception {
        var home = tmp.resolve("home2");
        assertThat(new CliRun(home).run("keys", "list").exitCode()).isZero();
        var config =
                Files.readString(home.resolve("gatehouse.yaml")).replace("bind: 127.0.0.1:8787", "bind: 127.0.0.1:0");
        try (var serve = ServeProcess.start(home, config)) {
            var segment = home.resolve("audit/audit-00000000000000000001.jsonl");
            // What the README's tamper step, sed -i, does: a new file renamed over the segment.
            var copy = home.resolve("audit/sed-copy");
            Files.copy(segment, copy);
            Files.move(copy, segment, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (serve.err.stream().noneMatch(l -> l.contains("audit: WARNING")) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(serve.err)
                    .anySatisfy(l -> assertThat(l).contains("audit: WARNING").contains("was replaced by another file"));
        }
        try (var files = Files.list(home.resolve("audit"))) {
            assertThat(files.map(f -> f.getFileName().toString())).anyMatch(n -> n.startsWith("displaced-"));
        }
    }
}

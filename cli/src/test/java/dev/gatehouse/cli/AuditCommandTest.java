package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.audit.AuditLogOptions;
import dev.gatehouse.audit.CheckpointSigner;
import dev.gatehouse.audit.FileCheckpointKey;
import dev.gatehouse.audit.TamperEvidentAuditLog;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gatehouse audit tail|query|verify|export over a real log in a temp home. */
class AuditCommandTest {

    @TempDir
    Path tmp;

    Path home;
    Path audit;
    CliRun cli;
    CheckpointSigner signer;

    @BeforeEach
    void writeALog() {
        home = tmp.resolve("home");
        audit = home.resolve("audit");
        cli = new CliRun(home);
        signer = FileCheckpointKey.loadOrCreate(audit.resolve("checkpoint-key"), new SecureRandom());
        append(40, Instant.now().minus(Duration.ofHours(3)));
    }

    void append(int count, Instant start) {
        var options = AuditLogOptions.defaults().withCheckpointEveryRecords(10).withSegmentMaxBytes(4096);
        try (var log = TamperEvidentAuditLog.open(audit, options, signer, Clock.systemUTC())) {
            for (int i = 1; i <= count; i++) {
                log.append(new AuditEvent(
                        start.plusSeconds(i),
                        "tool.call",
                        i % 2 == 0 ? "key:alice" : "key:bob",
                        Map.of(
                                "tool",
                                i % 4 == 0 ? "files_write" : "files_read",
                                "outcome",
                                i % 5 == 0 ? "error" : "ok",
                                "n",
                                i)));
            }
        }
    }

    List<Path> segments() throws Exception {
        try (var files = Files.list(audit)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsonl"))
                    .sorted()
                    .toList();
        }
    }

    /** Every line of every segment, in order, as stored. */
    List<String> storedLines() throws Exception {
        var stored = new ArrayList<String>();
        for (var segment : segments()) {
            stored.addAll(Files.readAllLines(segment));
        }
        return stored;
    }

    /** The segment and line index holding record {@code seq}. */
    record Where(Path segment, int index, List<String> lines) {}

    Where find(long seq) throws Exception {
        for (var segment : segments()) {
            var lines = new ArrayList<>(Files.readAllLines(segment));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("\"seq\":" + seq + ",")) {
                    return new Where(segment, i, lines);
                }
            }
        }
        throw new AssertionError("no record " + seq);
    }

    void write(Where w) throws Exception {
        Files.write(w.segment(), w.lines());
    }

    CliRun.Result verifyFails() {
        var result = cli.run("audit", "verify");
        assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
        assertThat(result.err()).contains("the audit log does not verify");
        return result;
    }

    @Test
    void verifyPassesAnIntactLogAndNamesTheFirstEditedRecord() throws Exception {
        var ok = cli.run("audit", "verify");
        assertThat(ok.exitCode()).as(ok.all()).isZero();
        assertThat(ok.out()).startsWith("intact: ").contains("signed checkpoint(s) verified");

        var w = find(7);
        w.lines().set(w.index(), w.lines().get(w.index()).replace("\"outcome\":\"ok\"", "\"outcome\":\"error\""));
        write(w);
        assertThat(verifyFails().out()).contains("TAMPERED: first bad record 7").contains("(edited)");
        var json = cli.run("audit", "verify", "--json");
        assertThat(json.exitCode()).isEqualTo(1);
        var parsed = Render.JSON.readTree(json.out());
        assertThat(parsed.get("intact").asBoolean()).isFalse();
        assertThat(parsed.get("problem").get("sequence").asLong()).isEqualTo(7);
    }

    /** Appends through the log as a command does: witnessed by the home's own copy and one elsewhere. */
    void appendWitnessed(int count, Path elsewhere) {
        var options = AuditLogOptions.defaults().withCheckpointEveryRecords(10).withSegmentMaxBytes(4096);
        try (var log = TamperEvidentAuditLog.open(
                audit,
                options,
                signer,
                Clock.systemUTC(),
                List.of(
                        dev.gatehouse.audit.CheckpointWitness.file(home.resolve("data/audit-witness.jsonl")),
                        dev.gatehouse.audit.CheckpointWitness.file(elsewhere)),
                w -> {})) {
            for (int i = 1; i <= count; i++) {
                log.append(new AuditEvent(Instant.now(), "tool.call", "key:alice", Map.of("n", i)));
            }
        }
    }

    @Test
    void verifyHoldsTheLogAgainstItsWitnessesAndCatchesAWipe() throws Exception {
        Files.createDirectories(home.resolve("data"));
        var elsewhere = tmp.resolve("other-mount/witness.jsonl");
        Files.createDirectories(elsewhere.getParent());
        appendWitnessed(25, elsewhere);
        var ok = cli.run("audit", "verify", "--witness", elsewhere.toString());
        assertThat(ok.exitCode()).as(ok.all()).isZero();
        assertThat(ok.out()).contains("witnessed: the log holds every record its witnesses saw");

        // Someone with the home's files wipes the log and the home's own witness copy.
        for (var segment : segments()) {
            Files.delete(segment);
        }
        Files.delete(home.resolve("data/audit-witness.jsonl"));
        var wiped = cli.run("audit", "verify", "--witness", elsewhere.toString());
        assertThat(wiped.exitCode()).as(wiped.all()).isEqualTo(1);
        assertThat(wiped.out()).contains("WITNESS WIPED");
        assertThat(wiped.err()).contains("does not hold what its witnesses saw");
        var json = cli.run("audit", "verify", "--json", "--witness", elsewhere.toString());
        assertThat(Render.JSON.readTree(json.out()).at("/witnesses/agree").asBoolean())
                .isFalse();
        assertThat(cli.run("audit", "verify", "--witness", tmp.resolve("nope").toString())
                        .exitCode())
                .isEqualTo(2);
    }

    @Test
    void theHomesOwnWitnessCatchesALogCutBackToAnEarlierCheckpoint() throws Exception {
        Files.createDirectories(home.resolve("data"));
        appendWitnessed(60, tmp.resolve("w.jsonl"));
        var all = segments();
        for (var segment : all.subList(1, all.size())) {
            Files.delete(segment);
        }
        var lines = Files.readAllLines(all.getFirst());
        int keep = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"reason\":\"interval\"")) {
                keep = i;
            }
        }
        Files.write(all.getFirst(), lines.subList(0, keep + 1));
        var cut = cli.run("audit", "verify");
        assertThat(cut.exitCode()).as(cut.all()).isEqualTo(1);
        assertThat(cut.out()).startsWith("intact: ").contains("WITNESS TRUNCATED");
    }

    @Test
    void verifyFailsOnADeletedRecord() throws Exception {
        var w = find(8);
        w.lines().remove(w.index());
        write(w);
        assertThat(verifyFails().out()).contains("first bad record 8").contains("record 8 deleted or moved");
    }

    @Test
    void verifyFailsOnReorderedRecords() throws Exception {
        var w = find(3);
        var third = w.lines().get(w.index());
        w.lines().set(w.index(), w.lines().get(w.index() + 1));
        w.lines().set(w.index() + 1, third);
        write(w);
        assertThat(verifyFails().out()).contains("first bad record 3").contains("found record 4");
    }

    @Test
    void verifyFailsOnATruncatedMiddle() throws Exception {
        var w = find(4);
        var text = Files.readString(w.segment());
        var fourth = w.lines().get(w.index());
        int cut = text.indexOf(fourth) + 20;
        Files.writeString(w.segment(), text.substring(0, cut) + text.substring(cut + 700));
        assertThat(verifyFails().out()).contains("first bad record 4");
    }

    @Test
    void verifyFailsOnARemovedSegment() throws Exception {
        var second = segments().get(1);
        var first = Files.readAllLines(second).getFirst();
        var seq = first.substring(first.indexOf("\"seq\":") + 6, first.indexOf(",\"time\""));
        Files.delete(second);
        assertThat(verifyFails().out()).contains("first bad record " + seq).contains("segment was removed");
    }

    @Test
    void verifyFailsWhenCheckpointsDoNotVerifyWithTheTrustedKey() throws Exception {
        var other = FileCheckpointKey.loadOrCreate(tmp.resolve("elsewhere/other"), new SecureRandom());
        var result = cli.run(
                "audit",
                "verify",
                "--public-key",
                FileCheckpointKey.publicKeyFile(tmp.resolve("elsewhere/other")).toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("first bad record 11").contains("bad_checkpoint");
        assertThat(other.publicKey()).isNotEqualTo(signer.publicKey());

        // A forged signature on a checkpoint, with the line's hash left as it was.
        var w = find(11);
        var line = w.lines().get(w.index());
        int sig = line.indexOf("\"signature\":\"") + 13;
        w.lines()
                .set(
                        w.index(),
                        line.substring(0, sig) + (line.charAt(sig) == 'A' ? 'B' : 'A') + line.substring(sig + 1));
        write(w);
        assertThat(verifyFails().out()).contains("first bad record 11");
    }

    @Test
    void verifyWithoutAPublicKeySaysWhereItLooked() throws Exception {
        Files.delete(audit.resolve("checkpoint-key.pub"));
        var result = cli.run("audit", "verify");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("checkpoint-key.pub").contains("--public-key");
    }

    @Test
    void tailShowsTheLatestRecords() throws Exception {
        var result = cli.run("audit", "tail", "-n", "3");
        assertThat(result.exitCode()).as(result.all()).isZero();
        var lines = result.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.getLast()).startsWith("#").contains("audit.checkpoint").contains("reason=close");
        long last = Long.parseLong(lines.getLast().substring(1, lines.getLast().indexOf(' ')));
        assertThat(lines.getFirst()).startsWith("#" + (last - 2) + " ");
        var more = cli.run("audit", "tail", "-n", "8").out();
        assertThat(more).contains("tool.call key:alice").contains("files_read");

        var json = cli.run("audit", "tail", "-n", "2", "--json");
        for (var line : json.out().lines().toList()) {
            assertThat(Render.JSON.readTree(line).get("hash").asText()).hasSize(64);
        }
    }

    @Test
    void tailFollowPrintsRecordsWrittenLater() throws Exception {
        var out = new StringWriter();
        var err = new StringWriter();
        var env = new Environment(
                home,
                new BufferedReader(new StringReader("")),
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                Clock.systemUTC(),
                "tester",
                false,
                false,
                Optional.empty());
        var follower = Thread.ofPlatform()
                .start(() -> GatehouseCommand.commandLine(env).execute("audit", "tail", "-n", "1", "-f"));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (out.toString().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20); // the tail has printed the last record and is following
            }
            assertThat(out.toString()).contains("reason=close").doesNotContain("2030-01-01");
            append(1, Instant.parse("2030-01-01T00:00:00Z"));
            while (!out.toString().contains("2030-01-01T00:00:01Z") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(out.toString()).as(err.toString()).contains("2030-01-01T00:00:01Z tool.call key:bob");
        } finally {
            follower.interrupt();
            follower.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertThat(follower.isAlive()).isFalse();
    }

    @Test
    void queryFiltersByPrincipalToolOutcomeAndTime() throws Exception {
        var result = cli.run(
                "audit", "query", "--principal", "key:bob", "--tool", "files_read", "--outcome", "error", "--json");
        assertThat(result.exitCode()).as(result.all()).isZero();
        var found = result.out()
                .lines()
                .map(l -> {
                    try {
                        return Render.JSON.readTree(l);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                })
                .toList();
        // Odd n (bob), not a multiple of 4 (files_read), a multiple of 5 (error): 5, 15, 25, 35.
        assertThat(found).extracting(n -> n.get("fields").get("n").asInt()).containsExactly(5, 15, 25, 35);

        append(2, Instant.now());
        var recent = cli.run("audit", "query", "--since", "1h", "--type", "tool.call");
        assertThat(recent.out().lines()).hasSize(2);
        var old = cli.run("audit", "query", "--since", "2000-01-01T00:00:00Z", "--type", "tool.call");
        assertThat(old.out().lines()).hasSize(42);
        var bad = cli.run("audit", "query", "--since", "yesterday");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--since");
    }

    @Test
    void exportWritesTheStoredLinesAndTheVerificationSummaryToANewPrivateFile() throws Exception {
        var file = tmp.resolve("export.jsonl");
        var result = cli.run("audit", "export", "--output", file.toString());
        assertThat(result.exitCode()).as(result.all()).isZero();
        var lines = Files.readAllLines(file);
        var stored = storedLines();
        assertThat(lines.subList(0, lines.size() - 1)).containsExactlyElementsOf(stored);
        var summary = Render.JSON.readTree(lines.getLast()).get("verification");
        assertThat(summary.get("intact").asBoolean()).isTrue();
        assertThat(summary.get("records").asLong()).isEqualTo(stored.size());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");

        var again = cli.run("audit", "export", "--output", file.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("will not overwrite");
    }

    @Test
    void exportToStandardOutputStreamsTheStoredLinesSinceATimeThenTheSummary() throws Exception {
        append(5, Instant.now().minus(Duration.ofMinutes(10)));
        var result = cli.run("audit", "export", "--since", "1h");
        assertThat(result.exitCode()).as(result.all()).isZero();

        var lines = result.out().lines().toList();
        var cutoff = Instant.now().minus(Duration.ofMinutes(59));
        var recent = new ArrayList<String>();
        long[] total = {0};
        dev.gatehouse.audit.AuditReader.forEach(audit, e -> {
            total[0]++;
            if (e.time().isAfter(cutoff)) {
                recent.add(e.line());
            }
        });
        assertThat(recent).filteredOn(l -> l.contains("\"tool.call\"")).hasSize(5);
        assertThat(lines.subList(0, lines.size() - 1)).containsExactlyElementsOf(recent);
        var summary = Render.JSON.readTree(lines.getLast()).get("verification");
        assertThat(summary.get("intact").asBoolean()).isTrue();
        assertThat(summary.get("records").asLong()).isEqualTo(total[0]);
    }

    @Test
    void anExportOfAnEditedLogStillHoldsEveryRecordAndSaysItDoesNotVerify() throws Exception {
        var w = find(7);
        w.lines().set(w.index(), w.lines().get(w.index()).replace("\"outcome\":\"ok\"", "\"outcome\":\"error\""));
        write(w);
        var file = tmp.resolve("tampered.jsonl");

        var result = cli.run("audit", "export", "--output", file.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("TAMPERED: first bad record 7").contains("does not verify");
        var lines = Files.readAllLines(file);
        var stored = storedLines();
        assertThat(lines.subList(0, lines.size() - 1)).containsExactlyElementsOf(stored);
        var summary = Render.JSON.readTree(lines.getLast()).get("verification");
        assertThat(summary.get("intact").asBoolean()).isFalse();
        assertThat(summary.at("/problem/sequence").asLong()).isEqualTo(7);
    }

    @Test
    void controlCharactersFromTheLogNeverReachTheTerminal() {
        try (var log = TamperEvidentAuditLog.open(audit, AuditLogOptions.defaults(), signer, Clock.systemUTC())) {
            log.append(new AuditEvent(Instant.now(), "tool.call", "key:x", Map.of("tool", "evil\u001b[2J\u202eout")));
        }
        var result = cli.run("audit", "tail", "-n", "2");
        assertThat(result.out())
                .doesNotContain("\u001b")
                .doesNotContain("\u202e")
                .contains("evil?[2J?out");
    }
}
